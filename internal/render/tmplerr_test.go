package render

import (
	"errors"
	"testing"
	"testing/fstest"
)

// TestTemplateErrorsNameTheFile checks finding 6's template errors: a parse
// or execution error names the template's path, line and column and
// whether it is the project's override or the built-in template, not just
// "footer.html:7".
func TestTemplateErrorsNameTheFile(t *testing.T) {
	for _, c := range []struct {
		name, file, src, want string
		override              bool
	}{
		{"execution in an override", "partials/footer.html", "{{define \"footer\"}}\n\n  {{.Nope}}{{end}}",
			`rendering index.html: templates/partials/footer.html:3:4 (project override): executing "footer" at <.Nope>: can't evaluate field Nope in type *render.page`, true},
		{"parse error in an override", "pages/metric.html", "{{define \"content\"}}\n{{if}}{{end}}",
			`parsing templates of page type metric: templates/pages/metric.html:2 (project override): missing value for if`, true},
		{"error in a built-in, reached from an override", "pages/dashboard.html", `{{define "content"}}{{template "footer" 42}}{{end}}`,
			`rendering index.html: partials/footer.html:3:10 (built-in): executing "footer" at <.Site.Title>: can't evaluate field Site in type int`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := testInput()
			in.Templates = Overlay(fstest.MapFS{c.file: {Data: []byte(c.src)}}, testTemplates())
			_, err := Render(in)
			var te *TemplateError
			if !errors.As(err, &te) {
				t.Fatalf("Render error %v; want a *TemplateError", err)
			}
			if c.want != "" && err.Error() != c.want {
				t.Errorf("error\n got: %s\nwant: %s", err, c.want)
			}
			if te.Override != c.override {
				t.Errorf("%s: Override = %v; want %v", err, te.Override, c.override)
			}
		})
	}
}
