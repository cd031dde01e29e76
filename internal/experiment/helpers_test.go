package experiment

import "fmt"

func fp(p *float64) string {
	if p == nil {
		return "nil"
	}
	return fmt.Sprintf("%.4g", *p)
}

func fmtCI(ci *Interval) string {
	if ci == nil {
		return "nil"
	}
	return fmt.Sprintf("[%.4f, %.4f]", ci.Low, ci.High)
}
