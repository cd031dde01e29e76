package fingerprint

import (
	"bytes"
	"reflect"
	"slices"
	"time"
)

// Value writes any Go value: its exported and unexported fields, slice
// and array elements, map entries (in the order of their own fingerprints,
// so map order does not leak), what pointers and interfaces hold (nil
// marked), floats by their bits (NaN included), and time.Time as its
// instant and location name. Functions and channels are written as their
// kind only. A pointer met again below itself is written as a marker, so
// cyclic values end. Two values that write the same are equal for every
// purpose a page or a JSON document can show; Value is for fingerprints of
// results (analysis reports, documents), not for millions of records (it
// walks them by reflection).
func (h *Hash) Value(v any) *Hash {
	w := walker{h: h, path: map[uintptr]bool{}}
	w.walk(reflect.ValueOf(v))
	return h
}

type walker struct {
	h    *Hash
	path map[uintptr]bool // pointers being walked
}

var timeType = reflect.TypeFor[time.Time]()

func (w *walker) walk(v reflect.Value) {
	h := w.h
	if !v.IsValid() {
		h.Uint(0)
		return
	}
	h.Uint(uint64(v.Kind()))
	if v.Type() == timeType && v.CanInterface() {
		t := v.Interface().(time.Time)
		h.Int(int(t.Unix())).Int(t.Nanosecond()).String(t.Location().String())
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		h.Bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		h.Uint(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		h.Uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		h.Float(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		h.Float(real(c)).Float(imag(c))
	case reflect.String:
		h.String(v.String())
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			h.String(string(v.Bytes()))
			return
		}
		h.Int(v.Len())
		for i := range v.Len() {
			w.walk(v.Index(i))
		}
	case reflect.Map:
		sums := make([]Sum, 0, v.Len())
		for it := v.MapRange(); it.Next(); {
			sub := walker{h: New("entry"), path: w.path}
			sub.walk(it.Key())
			sub.walk(it.Value())
			sums = append(sums, sub.h.Done())
		}
		slices.SortFunc(sums, func(a, b Sum) int { return bytes.Compare(a[:], b[:]) })
		h.Int(len(sums))
		for _, s := range sums {
			h.Sum(s)
		}
	case reflect.Pointer:
		if v.IsNil() {
			h.Uint(0)
			return
		}
		p := v.Pointer()
		if w.path[p] {
			h.Uint(2) // a cycle
			return
		}
		h.Uint(1)
		w.path[p] = true
		w.walk(v.Elem())
		delete(w.path, p)
	case reflect.Interface:
		if v.IsNil() {
			h.Uint(0)
			return
		}
		h.Uint(1).String(v.Elem().Type().String())
		w.walk(v.Elem())
	case reflect.Struct:
		h.Int(v.NumField())
		for i := range v.NumField() {
			w.walk(v.Field(i))
		}
	}
}
