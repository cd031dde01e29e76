// Package pairwise holds the statistics of side-by-side judgements: shown
// the answers of two systems to the same item, a rater (a person or a
// judge model) says which is better. It is pure statistics: plain slices
// in, plain structs out, no I/O and no project types; readers, pages and
// the JSON API are built on it elsewhere.
//
// # Judgements
//
// A Judgement names an item, a rater and two systems A and B by caller
// assigned indexes, and its outcome P, the probability that B is better:
// 0 (A won), 1 (B won), 0.5 (a tie), or any value in [0, 1] from a
// weighted judge. ParseWinner reads "a", "b", "tie" or a number;
// FromPreference reads AlpacaEval's preference in [1, 2] as P = pref - 1
// (exact, so a draw of 1.5 is exactly 0.5). A judgement's discrete outcome
// is A's win when P < 0.5, B's when P > 0.5 and a tie at exactly 0.5, as
// AlpacaEval counts n_wins_base, n_wins and n_draws. Order records which
// answer was shown first, when known. Validate rejects the same system on
// both sides, P outside [0, 1] (or NaN) and negative indexes.
//
// # Win rates
//
// For each pair of systems judged head to head (WinRates; a Matrix keyed
// by the unordered pair, A < B), every judgement is read from B's side
// (P, or 1 - P for a judgement of (B, A)) and summarised (Summarise):
//
//	win_rate_b = (1/n) Σ x_i,   se = s/√n,   s² = Σ (x_i - win_rate_b)²/(n - 1),
//
// ties counting half. This is AlpacaEval's win_rate and standard_error,
// reproduced to 1e-9 for every model of its published leaderboard
// (TestAlpacaEvalLeaderboard). The discrete win rate is
// (wins_b + ties/2)/n. The interval is Wilson's score interval for
// discrete outcomes (ties half; never a point at 0 or n wins, good
// coverage at small n) and the Student t interval win_rate_b ± t se,
// clipped to [0, 1], for weighted ones (Wilson when the scores do not
// vary). A pair never judged has no record: Matrix.Get reports it absent,
// never 50%.
//
// # Bradley-Terry strengths
//
// BradleyTerry fits the model
//
//	P(i beats j) = π_i / (π_i + π_j) = σ(θ_i - θ_j),   θ_i = ln π_i
//
// (Bradley and Terry, Biometrika 39, 1952) to all judgements by maximum
// likelihood, each judgement counting as P of a win for B and 1 - P for A
// (ties as half wins, weighted outcomes as fractional wins). With s_ij the
// total score of i against j and n_ij the number of their judgements, the
// log-likelihood is
//
//	ℓ(θ) = Σ_{i<j} [s_ij θ_i + s_ji θ_j - n_ij ln(e^θ_i + e^θ_j)] - (λ/2) Σ θ_i²,
//
// concave, with the ridge term only when BTOptions.Ridge = λ > 0.
//
// Scale and identifiability: strengths are natural log-odds (the
// difference of two strengths is the log-odds that one beats the other)
// and are centred to sum to zero within each component, so 0 is the
// average system. Elo(θ) = 1000 + (400/ln 10) θ gives the Elo-like scale
// of arena leaderboards.
//
// Fit: Newton's method with step halving, from θ = 0 (from the full fit
// in bootstrap resamples). The Hessian of ℓ is singular along 1 (adding a
// constant to every θ changes nothing), so each step solves
//
//	(-H + λI + c 11ᵀ) δ = ∇ℓ,
//
// c the mean diagonal of -H, by Cholesky: since 1ᵀ∇ℓ = 0 at any centred θ,
// δ sums to zero and θ stays centred. It stops when the largest step is
// below 1e-12; the fit satisfies the score equations s_i = Σ_j n_ij
// σ(θ_i - θ_j) to rounding. Hunter's MM algorithm ("MM algorithms for
// generalized Bradley-Terry models", Annals of Statistics 32(1), 2004)
// reaches the same maximum; Newton needs a handful of steps where MM needs
// hundreds, which matters for a thousand bootstrap refits.
//
// Components and infinite strengths: systems never linked by a chain of
// judgements have no common scale, so each connected component of the
// comparison graph is fitted and centred on its own (Component; Strength
// carries its index, ranks are within the component), and no strength is
// comparable across components. Within a component a finite maximum exists
// if and only if the "beat" graph (i → j when i scored anything against
// j) is strongly connected: otherwise some group of systems never lost to
// the rest and its strengths run off to infinity (Ford, "Solution of a
// ranking problem from binary comparisons", American Mathematical Monthly
// 64(8), 1957; Hunter 2004, Assumption 1). Such a component is reported
// with Finite false and NaN strengths, not regularised behind the
// caller's back; a caller who wants finite figures sets Ridge, a Gaussian
// prior N(0, 1/λ) on each θ (the MAP estimate; still centred).
//
// Bootstrap: BTOptions.Resamples resamples of the items drawn with
// replacement, keeping all judgements of an item together (a hard item is
// hard for everyone in the same resample), each refitted. Resample b draws
// from its own stream stats.NewRand(stats.Seed(Seed, "bradley-terry", b))
// through stats.IndexDrawer, so the result depends on the seed alone, not
// on the number of workers. CILow and CIHigh are the type 7 percentile
// interval of θ*; RankLow and RankHigh the type 1 quantiles of the
// competition ranks within the component, as package leaderboard reads
// its rank ranges (Hall and Miller, Annals of Statistics 37(6B), 2009).
// A resample in which a component has no finite fit (with Ridge 0) is
// left out of that component's figures and counted in Skipped; when more
// than half are skipped the intervals are NaN and the ranges 0.
//
// # Star designs
//
// DesignOf says whether the judgements form a star: every judgement
// involves one hub system, as AlpacaEval judges every model against one
// baseline. Bradley-Terry then ranks the candidates by their records
// against the hub alone, and two candidates are better compared through
// the items they share: StarCompare takes each candidate's score against
// the hub per item (HubScores) and compares the per-item differences with
// compare.PairedDiffs (the paired bootstrap interval and sign-flip test of
// iteration comparisons).
//
// # Judge quality and bias
//
//   - PositionBias: the win rate of the answer shown first, over the
//     judgements whose order is known (0.5 is no bias), with Summarise's
//     interval.
//   - LengthBias: the least-squares slope of P on the difference in answer
//     length, optionally within items (item fixed effects, so a constant
//     baseline answer's length drops out), with a standard error clustered
//     by item (CR1) and a t interval on items - 1 degrees of freedom.
//   - SelfPreference: a judge model's win rate for its own system against
//     the other raters' win rate for it, with Welch's interval of the
//     difference.
//   - RaterAlpha: Krippendorff's alpha (package agreement, nominal) among
//     raters on the categories lower-indexed system won / tie / higher won,
//     a unit being an item and a pair of systems, with its bootstrap
//     interval.
//   - Groups: for two groups of raters (people and a judge model) on the
//     units both judged, the share of units on which they agree (Wilson
//     interval) and Cohen's kappa of the 3 × 3 table with its large-sample
//     standard error (package agreement).
//
// # Conventions
//
// As in packages stats and compare: a figure undefined for the data (the
// standard error of one judgement, the strengths of a component with no
// finite fit) is NaN, or 0 for a rank; an argument that can only be wrong
// through a programming error (an invalid judgement, which Validate
// catches first; a confidence level outside (0, 1); slices of different
// lengths) causes a panic.
package pairwise
