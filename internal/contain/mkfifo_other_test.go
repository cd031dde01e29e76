//go:build !unix

package contain

import "errors"

func mkfifo(string) error { return errors.New("no named pipes") }
