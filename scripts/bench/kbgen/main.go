// Command kbgen writes issue 12's knowledge-base benchmark: N case studies
// of about 2 KB of Markdown each, with tags and live-figure shortcodes,
// into a benchmark corpus (go run ./cmd/examplegen -bench), and the same
// Markdown into a Hugo project, for scripts/bench/kb-hugo.sh:
//
//	go run ./scripts/bench/kbgen -corpus CORPUS -hugo HUGO [-n 5000]
//
// The prose is drawn, with a fixed seed, from a vocabulary of 20,000
// made-up words with Zipf frequencies (exponent 1.1) after the 60 commonest
// English words, so a page holds about as many distinct words as English
// prose of its length (about 200), which is what sizes the search index.
// Each case study names two neighbouring iterations and a metric, carries
// two or three of 40 tags, and quotes three figures with shortcodes:
// {{< metric >}}, {{< delta >}} and {{< alpha >}}. In the Hugo project the
// same shortcodes are defined as templates that print their arguments (Hugo
// has no data to compute them from), tags are a taxonomy, and home, section,
// term, taxonomy, RSS and sitemap pages are left on, as a Hugo site has them.
package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	corpus := flag.String("corpus", "", "benchmark corpus folder (examplegen -bench); case studies go to its casestudies/")
	hugo := flag.String("hugo", "", "Hugo project folder to write")
	n := flag.Int("n", 5000, "number of case studies")
	flag.Parse()
	if *corpus == "" || *hugo == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: kbgen -corpus CORPUS -hugo HUGO [-n 5000]")
		os.Exit(2)
	}
	if err := run(*corpus, *hugo, *n); err != nil {
		fmt.Fprintln(os.Stderr, "kbgen:", err)
		os.Exit(1)
	}
}

var common = strings.Fields(`the of and to a in is that for it as was with be by on not he this are or his
from at which but have an they you were her she there been one all we their has would when if so no
will more can who what out up about into than them only other its some time new could these two may`)

var metrics = []string{"answer_accuracy", "rouge_l", "groundedness", "toxicity", "response_tokens"}

var dims = []string{"helpfulness", "factuality", "tone", "conciseness"}

func run(corpus, hugo string, n int) error {
	rng := rand.New(rand.NewPCG(12, 2026))
	vocab := vocabulary(rng, 20000)
	zipf := rand.NewZipf(rand.New(rand.NewPCG(7, 7)), 1.1, 1, uint64(len(vocab)-1))
	tags := make([]string, 40)
	for i := range tags {
		tags[i] = vocab[i*37%500]
	}
	for _, d := range []string{filepath.Join(corpus, "casestudies"), filepath.Join(hugo, "content", "casestudies")} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
		if err := os.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	for k := range n {
		md := caseStudy(k, rng, zipf, vocab, tags)
		name := fmt.Sprintf("kb-%04d.md", k+1)
		for _, d := range []string{filepath.Join(corpus, "casestudies"), filepath.Join(hugo, "content", "casestudies")} {
			if err := os.WriteFile(filepath.Join(d, name), md, 0o644); err != nil {
				return err
			}
		}
	}
	return writeHugo(hugo)
}

// vocabulary makes n distinct pronounceable words of two to four syllables.
func vocabulary(rng *rand.Rand, n int) []string {
	cons := strings.Split("b c d f g h k l m n p r s t v w z br cl st tr ch sh", " ")
	vow := strings.Split("a e i o u ai ea ou", " ")
	seen := map[string]bool{}
	out := append([]string{}, common...)
	for _, w := range common {
		seen[w] = true
	}
	for len(out) < n {
		var b strings.Builder
		for range 2 + rng.IntN(3) {
			b.WriteString(cons[rng.IntN(len(cons))])
			b.WriteString(vow[rng.IntN(len(vow))])
		}
		if rng.IntN(3) == 0 {
			b.WriteString(cons[rng.IntN(len(cons))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// caseStudy writes case study k: front matter, then paragraphs of about
// 2,000 bytes in all with three shortcodes.
func caseStudy(k int, rng *rand.Rand, zipf *rand.Zipf, vocab, tags []string) []byte {
	const iters = 200
	i := k%(iters-1) + 1 // it002 .. it200, so the delta has a previous iteration
	a, b := fmt.Sprintf("it%03d", i), fmt.Sprintf("it%03d", i+1)
	m, d := metrics[k%len(metrics)], dims[k%len(dims)]
	var s strings.Builder
	fmt.Fprintf(&s, "+++\ntitle = \"Case study %d: %s %s\"\ndate = 2025-%02d-%02d\nsummary = \"What %s did to %s.\"\n",
		k+1, vocab[60+int(zipf.Uint64())%2000], vocab[60+int(zipf.Uint64())%2000], 1+k%12, 1+k%28, b, m)
	nt := 2 + k%2
	var tg []string
	for j := range nt {
		tg = append(tg, fmt.Sprintf("%q", tags[(k*7+j*13)%len(tags)]))
	}
	fmt.Fprintf(&s, "tags = [%s]\niterations = [%q, %q]\nmetrics = [%q]\n+++\n\n", strings.Join(tg, ", "), a, b, m)
	start := s.Len()
	figs := []string{
		fmt.Sprintf("{{< metric %s %s >}}", m, b),
		fmt.Sprintf("{{< delta %s %s >}}", m, b),
		fmt.Sprintf("{{< alpha %s %s >}}", d, b),
	}
	for p := 0; s.Len()-start < 2000; p++ {
		words := 40 + rng.IntN(40)
		for w := range words {
			word := vocab[int(zipf.Uint64())]
			if w == 0 {
				word = strings.ToUpper(word[:1]) + word[1:]
			}
			s.WriteString(word)
			switch {
			case w == words-1:
				s.WriteString(".")
			case rng.IntN(12) == 0:
				s.WriteString(". ")
			case rng.IntN(10) == 0:
				s.WriteString(", ")
			default:
				s.WriteString(" ")
			}
		}
		if p < len(figs) {
			s.WriteString(" The figure: " + figs[p] + ".")
		}
		s.WriteString("\n\n")
	}
	return []byte(s.String())
}

// writeHugo writes the Hugo project's config, layouts and shortcodes.
func writeHugo(dir string) error {
	files := map[string]string{
		"hugo.toml": `title = "evalbook knowledge-base benchmark"
baseURL = "https://example.org/"
[taxonomies]
tag = "tags"
[markup.goldmark.renderer]
unsafe = true
`,
		"layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="site"><nav aria-label="Site"><ul>
<li><a href="/">Dashboard</a></li><li><a href="/casestudies/">Case studies</a></li><li><a href="/tags/">Tags</a></li>
</ul></nav></header>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site"><p>{{ .Site.Title }} · built with Hugo</p></footer>
</body>
</html>
`,
		"layouts/_default/single.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<p class="lead">{{ .Params.summary }}</p>
<p>{{ .Date.Format "2006-01-02" }}{{ range .Params.tags }} <a class="tag" href="/tags/{{ . | urlize }}/">{{ . }}</a>{{ end }}</p>
{{ .Content }}{{ end }}
`,
		"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<p>{{ len .Pages }} pages</p>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
`,
		"layouts/shortcodes/metric.html": `<span class="fig" title="{{ .Get 0 }} in {{ .Get 1 }}">{{ .Get 0 }} {{ .Get 1 }}</span>`,
		"layouts/shortcodes/delta.html":  `<span class="fig delta" title="{{ .Get 0 }} in {{ .Get 1 }}">Δ {{ .Get 0 }} {{ .Get 1 }}</span>`,
		"layouts/shortcodes/alpha.html":  `<span class="fig" title="{{ .Get 0 }} in {{ .Get 1 }}">α {{ .Get 0 }} {{ .Get 1 }}</span>`,
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			return err
		}
	}
	return nil
}
