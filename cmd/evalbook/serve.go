package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"

	"github.com/evalbook/evalbook/internal/serve"
)

const serveSummary = `Builds the site into memory and serves it over HTTP, watches the project's
inputs (config.toml and the config's data, case-study, content and template
paths) and rebuilds on every change; open pages reload by themselves and
show build errors in an overlay. Nothing is written into the project.
Serves on 127.0.0.1 only, unless --bind says otherwise. Stop with Ctrl+C.`

func runServe(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serveUntil(ctx, args, stdout, stderr)
}

// serveUntil is runServe until ctx is done.
func serveUntil(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", serveSummary, stderr)
	o := projectFlags(fs)
	fs.StringVar(&o.BaseURL, "baseURL", "", "`URL` to serve the site at; its path is the site's path on the server (http://127.0.0.1:1313/repo/ serves it under /repo/)")
	bind := fs.String("bind", "127.0.0.1", "`address` to listen on; 0.0.0.0 lets other machines read the site")
	port := fs.Int("port", 1313, "TCP `port` to listen on (0 picks a free one)")
	open := fs.Bool("open", false, "open the site in a browser (with xdg-open, when there is one)")
	if code, ok := parse(fs, args); !ok {
		return code
	}
	ip := net.ParseIP(*bind)
	if ip == nil && *bind != "localhost" {
		fmt.Fprintf(stderr, "evalbook: --bind is %q; want an IP address such as 127.0.0.1, or localhost\n", *bind)
		return exitUsage
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(stderr, "evalbook: --port is %d; want 0 to 65535\n", *port)
		return exitUsage
	}
	base, err := url.Parse(o.BaseURL)
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: --baseURL: %v\n", err)
		return exitUsage
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*bind, strconv.Itoa(*port)))
	if errors.Is(err, syscall.EADDRINUSE) {
		fmt.Fprintf(stderr, "evalbook: port %d on %s is already in use (another evalbook serve?); choose another with --port\n", *port, *bind)
		return exitFailed
	}
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: cannot listen on %s port %d: %v\n", *bind, *port, err)
		return exitFailed
	}
	defer ln.Close()
	if ip != nil && !ip.IsLoopback() {
		fmt.Fprintf(stderr, "warning: serving on %s, not only on this machine: anyone who can reach it on port %d can read the site\n", *bind, ln.Addr().(*net.TCPAddr).Port)
	}
	// The site's own address: the --baseURL as given when it names a
	// host, else this server's address with the --baseURL's path.
	host := *bind
	if ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	local := url.URL{Scheme: "http", Host: net.JoinHostPort(host, strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)), Path: base.Path}
	if local.Path == "" {
		local.Path = "/"
	}
	if base.Host == "" {
		o.BaseURL = local.String()
	}
	project := o.Source
	switch {
	case project == "" && o.Config != "":
		project = filepath.Dir(o.Config)
	case project == "":
		project = "."
	}
	srv := serve.NewServer(serve.Rebuild(*o), base.Path, stdout)
	err = srv.Run(ctx, ln, serve.RunOptions{
		Project: project,
		Roots:   serve.ProjectRoots(*o),
		Ready: func(serve.Event) {
			fmt.Fprintf(stdout, "serving %s (stop with Ctrl+C)\n", local.String())
			if *open {
				openBrowser(local.String())
			}
		},
	})
	if err != nil {
		fmt.Fprintf(stderr, "evalbook: serve: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// openBrowser opens url with xdg-open when there is one; it is best effort,
// so a failure is only ignored.
func openBrowser(url string) {
	path, err := exec.LookPath("xdg-open")
	if err != nil {
		return
	}
	cmd := exec.Command(path, url)
	if cmd.Start() == nil {
		go cmd.Wait()
	}
}
