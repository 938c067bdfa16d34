package debugger

// Numbers of C as gdb prints them: integers of any width under print
// formats, and floats of every format gcc emits.

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// untyped is a number the expression made without a C type: a literal
// is an int in C, a long when it does not fit.
func (p *cprinter) untyped(n num) string {
	switch n.k {
	case kFloat:
		b := make([]byte, 8)
		binary.LittleEndian.PutUint64(b, math.Float64bits(n.f))
		return p.floatBytes(b, "double")
	case kBool:
		if n.b {
			return p.intBytes([]byte{1, 0, 0, 0}, true, false)
		}
		return p.intBytes([]byte{0, 0, 0, 0}, true, false)
	case kUint:
		b := binary.LittleEndian.AppendUint64(nil, n.u)
		if n.u <= math.MaxUint32 && n.untyped {
			b = b[:4]
		}
		return p.intBytes(b, false, false)
	}
	b := binary.LittleEndian.AppendUint64(nil, uint64(n.i))
	if n.i >= math.MinInt32 && n.i <= math.MaxInt32 {
		b = b[:4]
	}
	return p.intBytes(b, true, false)
}

// intBytes formats the little-endian integer b (of any width: a long
// double's bits under /x are 16 bytes). char adds the character, 97 'a',
// as gdb shows a char.
func (p *cprinter) intBytes(b []byte, signed, char bool) string {
	switch {
	case p.f == 'a':
		return p.addrText(uint64(leInt(b, signed)))
	case p.f == 'f' && (len(b) == 4 || len(b) == 8):
		// gdb 13's /f reads an integer's bits as the float of its size.
		return gdbFloat(b)
	case p.f == 'f':
		return bigInt(b, signed).String()
	}
	if p.f == 0 {
		s := bigInt(b, signed).String()
		if char && len(b) == 1 {
			s += " " + cCharLit(b[0])
		}
		return s
	}
	return gdbIntFormat(b, signed, p.f)
}

// gdbIntFormat is the integer b under print format f, as gdb 13 prints
// it: /x /o /t /z the bits of the type's width, /d signed, /u unsigned,
// /c the low byte as a char (signed unless the type is unsigned).
func gdbIntFormat(b []byte, signed bool, f byte) string {
	u := bigInt(b, false)
	switch f {
	case 'x':
		return "0x" + u.Text(16)
	case 'z':
		return fmt.Sprintf("0x%0*s", 2*len(b), u.Text(16))
	case 'o':
		if u.Sign() == 0 {
			return "0"
		}
		return "0" + u.Text(8)
	case 't':
		return u.Text(2)
	case 'u':
		return u.String()
	case 'd':
		return bigInt(b, true).String()
	case 'c':
		if len(b) == 0 {
			return "0 '\\000'"
		}
		if signed {
			return fmt.Sprintf("%d %s", int8(b[0]), cCharLit(b[0]))
		}
		return fmt.Sprintf("%d %s", b[0], cCharLit(b[0]))
	}
	return bigInt(b, signed).String()
}

// bigInt is the little-endian integer b, signed or not.
func bigInt(b []byte, signed bool) *big.Int {
	be := make([]byte, len(b))
	for i, c := range b {
		be[len(b)-1-i] = c
	}
	x := new(big.Int).SetBytes(be)
	if signed && len(b) > 0 && b[len(b)-1]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return x
}

func leUint(b []byte) uint64 {
	var x uint64
	for i := 0; i < len(b) && i < 8; i++ {
		x |= uint64(b[i]) << (8 * i)
	}
	return x
}

func leInt(b []byte, signed bool) int64 {
	x := leUint(b)
	if n := len(b); signed && n > 0 && n < 8 && b[n-1]&0x80 != 0 {
		x |= ^uint64(0) << (8 * n)
	}
	return int64(x)
}

// floatBytes is a float of type name as gdb prints it: %g with as many
// digits as tell the values of its format apart (9 for float, 17 for
// double, 21 for the x87 long double, 36 for _Float128, 5 for
// _Float16), inf, nan(0xMANTISSA). Under a format its bits print as an
// integer's, except /c and /a, which take the value as an integer.
func (p *cprinter) floatBytes(b []byte, name string) string {
	ff := floatFormatOf(len(b), name)
	switch p.f {
	case 0, 'f':
		return gdbFloatAs(b, ff)
	case 'a':
		x, _ := floatValueAs(b, ff).Int64()
		return p.addrText(uint64(x))
	case 'c':
		x, _ := floatValueAs(b, ff).Int64()
		return gdbIntFormat(binary.LittleEndian.AppendUint64(nil, uint64(x))[:1], true, 'c')
	}
	return gdbIntFormat(b[:ff.bytes], true, p.f)
}

// floatFormat is an IEEE-like binary float: its exponent and mantissa
// widths, whether the mantissa holds the integer bit (x87), its
// significant bytes and the digits gdb prints it with
// (ceil(1 + precision * log10 2)).
type floatFormat struct {
	expBits, manBits int
	intBit           bool
	bytes            int
	digits           int
}

// floatFormatOf is the format of a float of size bytes named name: a
// 16-byte float is the x87 long double (80 bits and padding) unless it is
// _Float128 (IEEE quad); a 2-byte one _Float16, or __bf16.
func floatFormatOf(size int, name string) floatFormat {
	switch {
	case size == 4:
		return floatFormat{8, 23, false, 4, 9}
	case size == 8:
		return floatFormat{11, 52, false, 8, 17}
	case size == 16 && strings.Contains(name, "128"):
		return floatFormat{15, 112, false, 16, 36}
	case size == 2 && strings.Contains(name, "bf16"):
		return floatFormat{8, 7, false, 2, 4}
	case size == 2:
		return floatFormat{5, 10, false, 2, 5}
	}
	return floatFormat{15, 64, true, 10, 21} // 10 or 16 bytes: x87
}

// gdbFloat formats a float of 4, 8 or 16 (an x87 long double) bytes.
func gdbFloat(b []byte) string { return gdbFloatAs(b, floatFormatOf(len(b), "")) }

func gdbFloatAs(b []byte, ff floatFormat) string {
	if len(b) < ff.bytes {
		return fmt.Sprintf("<invalid float value of %d bytes>", len(b))
	}
	switch ff.bytes {
	case 4:
		x := binary.LittleEndian.Uint32(b)
		f := math.Float32frombits(x)
		if s, ok := specialFloat(float64(f), x>>31 != 0, uint64(x&(1<<23-1))); ok {
			return s
		}
		return strconv.FormatFloat(float64(f), 'g', 9, 32)
	case 8:
		x := binary.LittleEndian.Uint64(b)
		f := math.Float64frombits(x)
		if s, ok := specialFloat(f, x>>63 != 0, x&(1<<52-1)); ok {
			return s
		}
		return strconv.FormatFloat(f, 'g', 17, 64)
	}
	neg, exp, mant := floatParts(b, ff)
	if exp == 1<<ff.expBits-1 {
		sign := ""
		if neg {
			sign = "-"
		}
		frac := new(big.Int).Set(mant)
		if ff.intBit {
			frac.SetBit(frac, ff.manBits-1, 0)
		}
		if frac.Sign() == 0 {
			return sign + "inf"
		}
		return sign + "nan(0x" + mant.Text(16) + ")"
	}
	return floatValueAs(b, ff).Text('g', ff.digits)
}

// specialFloat is gdb's inf, -inf and nan(0xMANTISSA).
func specialFloat(f float64, neg bool, mant uint64) (string, bool) {
	sign := ""
	if neg {
		sign = "-"
	}
	switch {
	case math.IsInf(f, 0):
		return sign + "inf", true
	case math.IsNaN(f):
		return fmt.Sprintf("%snan(%#x)", sign, mant), true
	}
	return "", false
}

// floatParts splits a float into its sign, biased exponent and mantissa.
func floatParts(b []byte, ff floatFormat) (neg bool, exp int, mant *big.Int) {
	x := bigInt(b[:ff.bytes], false)
	total := ff.bytes * 8
	if ff.intBit {
		total = 1 + ff.expBits + ff.manBits
	}
	neg = x.Bit(total-1) == 1
	e := new(big.Int).Rsh(x, uint(ff.manBits))
	exp = int(e.Int64() & (1<<ff.expBits - 1))
	mant = new(big.Int).And(x, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(ff.manBits)), big.NewInt(1)))
	return neg, exp, mant
}

// floatValueAs is the value of b in format ff, exactly (0 for inf and nan).
func floatValueAs(b []byte, ff floatFormat) *big.Float {
	if len(b) < ff.bytes {
		return new(big.Float)
	}
	neg, exp, mant := floatParts(b, ff)
	if exp == 1<<ff.expBits-1 {
		return new(big.Float)
	}
	bias := 1<<(ff.expBits-1) - 1
	m := new(big.Int).Set(mant)
	shift := ff.manBits
	if ff.intBit {
		shift = ff.manBits - 1
	} else if exp != 0 {
		m.SetBit(m, ff.manBits, 1) // the implicit integer bit
	}
	if exp == 0 {
		exp = 1 // subnormal
	}
	f := new(big.Float).SetPrec(uint(ff.manBits + 1)).SetInt(m)
	f.SetMantExp(f, exp-bias-shift)
	if neg {
		f.Neg(f)
	}
	return f
}

// encodeFloat is f in format ff, in size bytes (an x87 long double is
// 10 bytes and padding): set writes a long double, a _Float128 or a
// _Float16 in its own format, not a double's bits.
func encodeFloat(f float64, ff floatFormat, size int) []byte {
	out := make([]byte, max(size, ff.bytes))
	bias := 1<<(ff.expBits-1) - 1
	neg := math.Signbit(f)
	f = math.Abs(f)
	var exp int
	mant := new(big.Int)
	switch {
	case math.IsNaN(f):
		exp = 1<<ff.expBits - 1
		mant.SetBit(mant, ff.manBits-1, 1)
		if ff.intBit {
			mant.SetBit(mant, ff.manBits-2, 1)
		}
	case math.IsInf(f, 0):
		exp = 1<<ff.expBits - 1
		if ff.intBit {
			mant.SetBit(mant, ff.manBits-1, 1)
		}
	case f != 0:
		// Rounded to the format's precision: m in [2^(p-1), 2^p).
		prec := ff.manBits + 1
		if ff.intBit {
			prec = ff.manBits
		}
		x := new(big.Float).SetPrec(uint(prec)).SetMode(big.ToNearestEven).SetFloat64(f)
		e := x.MantExp(nil) // x = m * 2^e, m in [0.5, 1)
		exp = e - 1 + bias
		x.SetMantExp(x, prec-e)
		x.Int(mant)
		switch {
		case exp >= 1<<ff.expBits-1:
			exp, mant = 1<<ff.expBits-1, new(big.Int) // too big: inf
			if ff.intBit {
				mant.SetBit(mant, ff.manBits-1, 1)
			}
		case exp <= 0:
			mant.Rsh(mant, uint(1-exp)) // subnormal
			exp = 0
		}
		if !ff.intBit {
			mant.SetBit(mant, ff.manBits, 0) // the implicit integer bit
		}
	}
	bits := new(big.Int).Lsh(big.NewInt(int64(exp)), uint(ff.manBits))
	bits.Or(bits, mant)
	if neg {
		bits.SetBit(bits, ff.expBits+ff.manBits, 1)
	}
	be := bits.Bytes()
	for i := 0; i < len(be) && i < ff.bytes; i++ {
		out[i] = be[len(be)-1-i]
	}
	return out
}
