package main

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Delve's expression tests on testvariables2: TestEvalExpression's table
// (pkg/proc/variables_test.go, getEvalExpressionTestCases), transcribed
// row by row (rows for Go before 1.24 left out; the suite builds with the
// installed Go). Delve stops the fixture at its first runtime.Breakpoint()
// (line 446) and evaluates each row there; tdb breaks on that line.
//
// A row's value is Delve's single-line rendering with its full load
// config: "…" at the end makes it a prefix, /re/ a regexp, as in Delve's
// matchStringOrPrefix. A row with errs wants one of those error messages
// ("*": any error), which tdb prints as "error: MSG".

type evalRow struct {
	i     int // the row's index: Delve's subtest name
	expr  string
	value string
	errs  []string
	known string
}

const evalBreak = "break testvariables2.go:446" // runtime.Breakpoint(): tdb does not stop on it yet

var evalRows = []evalRow{
	{0, `s1[0]`, `"one"`, nil, ""},
	{1, `s1[1]`, `"two"`, nil, ""},
	{2, `s1[2]`, `"three"`, nil, ""},
	{3, `s1[3]`, `"four"`, nil, ""},
	{4, `s1[4]`, `"five"`, nil, ""},
	{5, `s1[5]`, ``, []string{`index out of bounds`}, ""},
	{6, `a1[0]`, `"one"`, nil, ""},
	{7, `a1[1]`, `"two"`, nil, ""},
	{8, `a1[2]`, `"three"`, nil, ""},
	{9, `a1[3]`, `"four"`, nil, ""},
	{10, `a1[4]`, `"five"`, nil, ""},
	{11, `a1[5]`, ``, []string{`index out of bounds`}, ""},
	{12, `str1[0]`, `48`, nil, ""},
	{13, `str1[1]`, `49`, nil, ""},
	{14, `str1[2]`, `50`, nil, ""},
	{15, `str1[10]`, `48`, nil, ""},
	{16, `str1[11]`, ``, []string{`index out of bounds`}, ""},
	{17, `a1[2:4]`, `[]string len: 2, cap: 3, ["three","four"]`, nil, ""},
	{18, `s1[2:4]`, `[]string len: 2, cap: 3, ["three","four"]`, nil, ""},
	{19, `str1[2:4]`, `"23"`, nil, ""},
	{20, `str1[0:11]`, `"01234567890"`, nil, ""},
	{21, `str1[:3]`, `"012"`, nil, ""},
	{22, `str1[3:]`, `"34567890"`, nil, ""},
	{23, `str1[0:12]`, ``, []string{`index out of bounds`}, ""},
	{24, `str1[5:3]`, ``, []string{`index out of bounds`}, ""},
	{25, `str1[11:]`, `""`, nil, ""},
	{26, `longbyteslice[:70]`, `[]uint8 len: 70, cap: 144, [118,101,114,121,32,108,111,110,103,32,115,116,114,105,110,103,32,48,49,50,51,52,53,54,55,56,57,97,48,49,50,51,52,53,54,55,56,57,98,48,49,50,51,52,53,54,55,56,57,99,48,49,50,51,52,53,54,55,56,57,100,48,49,50,51,52,53,54,55,56]`, nil, ""},
	{27, `longbyteslice[:3][:5]`, `[]uint8 len: 5, cap: 144, [118,101,114,121,32]`, nil, ""},
	{28, `pinf`, `+Inf`, nil, ""},
	{29, `ninf`, `-Inf`, nil, ""},
	{30, `nan`, `NaN`, nil, ""},
	{31, `*p2`, `5`, nil, ""},
	{32, `p2`, `*5`, nil, ""},
	{33, `p3`, `*int nil`, nil, ""},
	{34, `*p3`, ``, []string{`nil pointer dereference`}, ""},
	{35, `ch1`, `chan int 4/11`, nil, ""},
	{36, `chnil`, `chan int nil`, nil, ""},
	{37, `ch1+1`, ``, []string{`can not convert 1 constant to chan int`}, ""},
	{38, `int3chan.buf`, `*[5]main.ThreeInts [{a: 1, b: 0, c: 0},{a: 2, b: 0, c: 0},{a: 3, b: 0, c: 0},{a: 0, b: 0, c: 0},{a: 0, b: 0, c: 0}]`, nil, ""},
	{39, `m1["Malone"]`, `main.astruct {A: 2, B: 3}`, nil, ""},
	{40, `m2[1].B`, `11`, nil, ""},
	{41, `m2[c1.sa[2].B-4].A`, `10`, nil, ""},
	{42, `m2[*p1].B`, `11`, nil, ""},
	{43, `m3[as1]`, `42`, nil, ""},
	{44, `mnil["Malone"]`, ``, []string{`key not found`}, ""},
	{45, `m1[80:]`, ``, []string{`map index out of bounds`}, ""},
	{46, `mlarge`, `map[main.largestruct]main.largestruct [{name: "one", v: [256]uint8 [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,...+192 more]}: {name: "oneval", v: [256]uint8 [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,...+192 more]}, ]`, nil, ""},
	{47, `m3[main.astruct{1,1}]`, `42`, nil, ""},
	{48, `m4[main.astruct{2,2}]`, `main.astruct {A: 22, B: 22}`, nil, ""},
	{49, `m3[main.astruct{3,3}]`, ``, []string{`key not found`}, ""},
	{50, `err1`, `error(*main.astruct) *{A: 1, B: 2}`, nil, ""},
	{51, `err2`, `error(*main.bstruct) *{a: main.astruct {A: 1, B: 2}}`, nil, ""},
	{52, `errnil`, `error nil`, nil, ""},
	{53, `iface1`, `interface {}(*main.astruct) *{A: 1, B: 2}`, nil, ""},
	{54, `iface1.A`, `1`, nil, ""},
	{55, `iface1.B`, `2`, nil, ""},
	{56, `iface2`, `interface {}(string) "test"`, nil, ""},
	{57, `iface3`, `interface {}(map[string]go/constant.Value) []`, nil, ""},
	{58, `iface4`, `interface {}([]go/constant.Value) [4]`, nil, ""},
	{59, `ifacenil`, `interface {} nil`, nil, ""},
	{60, `err1 == err2`, `false`, nil, ""},
	{61, `err1 == iface1`, ``, []string{`mismatched types "error" and "interface {}"`}, ""},
	{62, `errnil == nil`, `true`, nil, ""},
	{63, `errtypednil == nil`, `false`, nil, ""},
	{64, `nil == errnil`, `true`, nil, ""},
	{65, `err1.(*main.astruct)`, `*main.astruct {A: 1, B: 2}`, nil, ""},
	{66, `err1.(*main.bstruct)`, ``, []string{`interface conversion: error is *main.astruct, not *main.bstruct`}, ""},
	{67, `errnil.(*main.astruct)`, ``, []string{`interface conversion: error is nil, not *main.astruct`}, ""},
	{68, `const1`, `go/constant.Value(go/constant.int64Val) 3`, nil, ""},
	{69, `c1.pb.a.A`, `1`, nil, ""},
	{70, `c1.sa[1].B`, `3`, nil, ""},
	{71, `s2[5].B`, `12`, nil, ""},
	{72, `s2[c1.sa[2].B].A`, `11`, nil, ""},
	{73, `s2[*p2].B`, `12`, nil, ""},
	{74, `1.1`, `1.1`, nil, ""},
	{75, `10`, `10`, nil, ""},
	{76, `1 + 2i`, `(1 + 2i)`, nil, ""},
	{77, `true`, `true`, nil, ""},
	{78, `"test"`, `"test"`, nil, ""},
	{79, `1/2`, `0`, nil, ""},
	{80, `zeropoint4 > 1/2`, `true`, nil, ""},
	{81, `i2 + i3`, `5`, nil, ""},
	{82, `i2 - i3`, `-1`, nil, ""},
	{83, `i3 - i2`, `1`, nil, ""},
	{84, `i2 * i3`, `6`, nil, ""},
	{85, `i2/i3`, `0`, nil, ""},
	{86, `f1/2.0`, `1.5`, nil, ""},
	{87, `i2 << 2`, `8`, nil, ""},
	{88, `-i2`, `-2`, nil, ""},
	{89, `+i2`, `2`, nil, ""},
	{90, `^i2`, `-3`, nil, ""},
	{91, `i2 == i3`, `false`, nil, ""},
	{92, `i2 == 2`, `true`, nil, ""},
	{93, `i2 == 2`, `true`, nil, ""},
	{94, `i2 == 3`, `false`, nil, ""},
	{95, `i2 != i3`, `true`, nil, ""},
	{96, `i2 < i3`, `true`, nil, ""},
	{97, `i2 <= i3`, `true`, nil, ""},
	{98, `i2 > i3`, `false`, nil, ""},
	{99, `i2 >= i3`, `false`, nil, ""},
	{100, `i2 >= 2`, `true`, nil, ""},
	{101, `str1 == "01234567890"`, `true`, nil, ""},
	{102, `str1 < "01234567890"`, `false`, nil, ""},
	{103, `str1 < "11234567890"`, `true`, nil, ""},
	{104, `str1 > "00234567890"`, `true`, nil, ""},
	{105, `str1 == str1`, `true`, nil, ""},
	{106, `c1.pb.a == *(c1.sa[0])`, `true`, nil, ""},
	{107, `c1.pb.a != *(c1.sa[0])`, `false`, nil, ""},
	{108, `c1.pb.a == *(c1.sa[1])`, `false`, nil, ""},
	{109, `c1.pb.a != *(c1.sa[1])`, `true`, nil, ""},
	{110, `longstr == "not this"`, `false`, nil, ""},
	{111, `cap(parr)`, `4`, nil, ""},
	{112, `len(parr)`, `4`, nil, ""},
	{113, `cap(p1)`, ``, []string{`invalid argument p1 (type *int) for cap`}, ""},
	{114, `len(p1)`, ``, []string{`invalid argument p1 (type *int) for len`}, ""},
	{115, `cap(a1)`, `5`, nil, ""},
	{116, `len(a1)`, `5`, nil, ""},
	{117, `cap(s3)`, `6`, nil, ""},
	{118, `len(s3)`, `0`, nil, ""},
	{119, `cap(nilslice)`, `0`, nil, ""},
	{120, `len(nilslice)`, `0`, nil, ""},
	{121, `cap(ch1)`, `11`, nil, ""},
	{122, `len(ch1)`, `4`, nil, ""},
	{123, `cap(chnil)`, `0`, nil, ""},
	{124, `len(chnil)`, `0`, nil, ""},
	{125, `len(m1)`, `66`, nil, ""},
	{126, `len(mnil)`, `0`, nil, ""},
	{127, `imag(cpx1)`, `2`, nil, ""},
	{128, `real(cpx1)`, `1`, nil, ""},
	{129, `imag(3i)`, `3`, nil, ""},
	{130, `real(4)`, `4`, nil, ""},
	{131, `max(1, 2, 3)`, `3`, nil, ""},
	{132, `max("one", "two", "three")`, `"two"`, nil, ""},
	{133, `min("one", "two", "three")`, `"one"`, nil, ""},
	{134, `max(s1[0], s1[1], s1[2])`, `"two"`, nil, ""},
	{135, `min(s1[0], s1[1], s1[2])`, `"one"`, nil, ""},
	{136, `max(s1[0], "two", s1[2])`, `"two"`, nil, ""},
	{137, `min(s1[0], "two", s1[2])`, `"one"`, nil, ""},
	{138, `nil`, `nil`, nil, ""},
	{139, `nil+1`, ``, []string{`operator + can not be applied to "nil"`}, ""},
	{140, `fn1`, `main.afunc`, nil, ""},
	{141, `fn2`, `nil`, nil, ""},
	{142, `nilslice`, `[]int len: 0, cap: 0, nil`, nil, ""},
	{143, `fn1 == fn2`, ``, []string{`can not compare func variables`}, ""},
	{144, `fn1 == nil`, `false`, nil, ""},
	{145, `fn1 != nil`, `true`, nil, ""},
	{146, `fn2 == nil`, `true`, nil, ""},
	{147, `fn2 != nil`, `false`, nil, ""},
	{148, `c1.sa == nil`, `false`, nil, ""},
	{149, `c1.sa != nil`, `true`, nil, ""},
	{150, `c1.sa[0] == nil`, `false`, nil, ""},
	{151, `c1.sa[0] != nil`, `true`, nil, ""},
	{152, `nilslice == nil`, `true`, nil, ""},
	{153, `nil == nilslice`, `true`, nil, ""},
	{154, `nilslice != nil`, `false`, nil, ""},
	{155, `nilptr == nil`, `true`, nil, ""},
	{156, `nilptr != nil`, `false`, nil, ""},
	{157, `p1 == nil`, `false`, nil, ""},
	{158, `p1 != nil`, `true`, nil, ""},
	{159, `ch1 == nil`, `false`, nil, ""},
	{160, `chnil == nil`, `true`, nil, ""},
	{161, `ch1 == chnil`, ``, []string{`can not compare chan variables`}, ""},
	{162, `m1 == nil`, `false`, nil, ""},
	{163, `mnil == m1`, ``, []string{`can not compare map variables`}, ""},
	{164, `mnil == nil`, `true`, nil, ""},
	{165, `nil == 2`, ``, []string{`can not compare int to nil`}, ""},
	{166, `2 == nil`, ``, []string{`can not compare int to nil`}, ""},
	{167, `&3`, ``, []string{`can not take address of "3"`}, ""},
	{168, `*3`, ``, []string{`expression "3" (int) can not be dereferenced`}, ""},
	{169, `&(i2 + i3)`, ``, []string{`can not take address of "(i2 + i3)"`}, ""},
	{170, `i2 + p1`, ``, []string{`mismatched types "int" and "*int"`}, ""},
	{171, `i2 + f1`, ``, []string{`mismatched types "int" and "float64"`}, ""},
	{172, `i2 << f1`, ``, []string{`shift count type float64, must be unsigned integer`}, ""},
	{173, `i2 << -1`, ``, []string{`shift count must not be negative`}, ""},
	{174, `*(i2 + i3)`, ``, []string{`expression "(i2 + i3)" (int) can not be dereferenced`}, ""},
	{175, `i2.member`, ``, []string{`i2 (type int) has no member member`}, ""},
	{176, `fmt.Println("hello")`, ``, []string{`function calls not allowed without using 'call'`}, ""},
	{177, `*nil`, ``, []string{`nil can not be dereferenced`}, ""},
	{178, `!nil`, ``, []string{`operator ! can not be applied to "nil"`}, ""},
	{179, `&nil`, ``, []string{`can not take address of "nil"`}, ""},
	{180, `nil[0]`, ``, []string{`expression "nil" (nil) does not support indexing`}, ""},
	{181, `nil[2:10]`, ``, []string{`can not slice "nil" (type nil)`}, ""},
	{182, `nil.member`, ``, []string{`nil (type nil) is not a struct`}, ""},
	{183, `(map[string]main.astruct)(0x4000)`, ``, []string{`can not convert "0x4000" to map[string]main.astruct`}, ""},
	{184, `uint(i2)`, `2`, nil, ""},
	{185, `int8(i2)`, `2`, nil, ""},
	{186, `int(f1)`, `3`, nil, ""},
	{187, `complex128(f1)`, `(3 + 0i)`, nil, ""},
	{188, `uint8(i4)`, `32`, nil, ""},
	{189, `uint8(i5)`, `253`, nil, ""},
	{190, `int8(i5)`, `-3`, nil, ""},
	{191, `int8(i6)`, `12`, nil, ""},
	{192, `string(byteslice[0])`, `"t"`, nil, ""},
	{193, `string(runeslice[0])`, `"t"`, nil, ""},
	{194, `[]uint8(messageVar)`, `[]uint8 len: 5, cap: 5, [1,2,3,4,5]`, nil, ""},
	{195, `i1`, `1`, nil, ""},
	{196, `mainMenu`, `main.Menu len: 3, cap: 3, [{Name: "home", Route: "/", Active: 1},{Name: "About", Route: "/about", Active: 1},{Name: "Login", Route: "/login", Active: 1}]`, nil, ""},
	{197, `mainMenu[0]`, `main.Item {Name: "home", Route: "/", Active: 1}`, nil, ""},
	{198, `sd`, `main.D {u1: 0, u2: 0, u3: 0, u4: 0, u5: 0, u6: 0}`, nil, ""},
	{199, `ifacearr`, `[]error len: 2, cap: 2, [*main.astruct {A: 0, B: 0},nil]`, nil, ""},
	{200, `efacearr`, `[]interface {} len: 3, cap: 3, [*main.astruct {A: 0, B: 0},"test",nil]`, nil, ""},
	{201, `zsslice`, `[]struct {} len: 3, cap: 3, [{},{},{}]`, nil, ""},
	{202, `zsvmap`, `map[string]struct {} ["testkey": {}, ]`, nil, ""},
	{203, `tm`, `main.truncatedMap {v: []map[string]main.astruct len: 1, cap: 1, [[...]]}`, nil, ""},
	{204, `emptyslice`, `[]string len: 0, cap: 0, []`, nil, ""},
	{205, `emptymap`, `map[string]string []`, nil, ""},
	{206, `mnil`, `map[string]main.astruct nil`, nil, ""},
	{207, `ptrinf2`, `**(main.pptr)(…`, nil, ""},
	{208, `runeslice`, `[]int32 len: 4, cap: 4, [116,232,115,116]`, nil, ""},
	{209, `byteslice`, `[]uint8 len: 5, cap: 5, [116,195,168,115,116]`, nil, ""},
	{210, `[]byte(str1)`, `[]uint8 len: 11, cap: 11, [48,49,50,51,52,53,54,55,56,57,48]`, nil, ""},
	{211, `[]uint8(str1)`, `[]uint8 len: 11, cap: 11, [48,49,50,51,52,53,54,55,56,57,48]`, nil, ""},
	{212, `[]rune(str1)`, `[]int32 len: 11, cap: 11, [48,49,50,51,52,53,54,55,56,57,48]`, nil, ""},
	{213, `[]int32(str1)`, `[]int32 len: 11, cap: 11, [48,49,50,51,52,53,54,55,56,57,48]`, nil, ""},
	{214, `string(byteslice)`, `"tèst"`, nil, ""},
	{215, `[]int32(string(byteslice))`, `[]int32 len: 4, cap: 4, [116,232,115,116]`, nil, ""},
	{216, `string(runeslice)`, `"tèst"`, nil, ""},
	{217, `[]byte(string(runeslice))`, `[]uint8 len: 5, cap: 5, [116,195,168,115,116]`, nil, ""},
	{218, `*(*[5]byte)(uintptr(&byteslice[0]))`, `[5]uint8 [116,195,168,115,116]`, nil, ""},
	{219, `string(bytearray)`, `"tèst"`, nil, ""},
	{220, `string(runearray)`, `"tèst"`, nil, ""},
	{221, `string(str1)`, `"01234567890"`, nil, ""},
	{222, `len([]byte(longstr))`, `137`, nil, ""},
	{223, `len(string(longbyteslice))`, `137`, nil, ""},
	{224, `ch1.qcount`, `4`, nil, ""},
	{225, `ch1.dataqsiz`, `11`, nil, ""},
	{226, `ch1.buf`, `*[11]int [1,4,3,2,0,0,0,0,0,0,0]`, nil, ""},
	{227, `ch1.buf[0]`, `1`, nil, ""},
	{228, `nilstruct != nil && nilstruct.A == 1`, `false`, nil, ""},
	{229, `nilstruct == nil || nilstruct.A == 1`, `true`, nil, ""},
	{230, `afunc`, `main.afunc`, nil, ""},
	{231, `main.afunc2`, `main.afunc2`, nil, ""},
	{232, `s2[0].Error`, `main.(*astruct).Error`, nil, ""},
	{233, `s2[0].NonPointerReceiverMethod`, `main.astruct.NonPointerReceiverMethod`, nil, ""},
	{234, `as2.Error`, `main.(*astruct).Error`, nil, ""},
	{235, `as2.NonPointerReceiverMethod`, `main.astruct.NonPointerReceiverMethod`, nil, ""},
	{236, `iface2map.(data)`, `…`, nil, ""},
	{237, `issue1578`, `main.Block {cache: *main.Cache nil}`, nil, ""},
	{238, `ni8 << 2`, `-20`, nil, ""},
	{239, `ni8 << 8`, `0`, nil, ""},
	{240, `ni8 >> 1`, `-3`, nil, ""},
	{241, `bytearray[0] * bytearray[0]`, `144`, nil, ""},
	{242, `unknownthing(1, 2)`, ``, []string{`function calls not allowed without using 'call'`, `could not find symbol value for unknownthing`}, ""},
	{243, `(unknownthing)(1, 2)`, ``, []string{`function calls not allowed without using 'call'`, `could not find symbol value for unknownthing`}, ""},
	{244, `afunc(2)`, ``, []string{`function calls not allowed without using 'call'`}, ""},
	{245, `(afunc)(2)`, ``, []string{`function calls not allowed without using 'call'`}, ""},
	{246, `(*afunc)(2)`, ``, []string{`*`}, ""},
	{247, `unknownthing(2)`, ``, []string{`function calls not allowed without using 'call'`, `could not find symbol value for unknownthing`}, ""},
	{248, `(*unknownthing)(2)`, ``, []string{`function calls not allowed without using 'call'`, `could not find symbol value for unknownthing`}, ""},
	{249, `(*strings.Split)(2)`, ``, []string{`function calls not allowed without using 'call'`, `could not find symbol value for strings`, `could not find symbol strings.Split`}, ""},
	{250, `tim1`, `time.Time(1977-05-25T18:00:00Z)…`, nil, ""},
	{251, `tim2`, `time.Time(2022-06-07T02:03:04-06:00)…`, nil, ""},
	{252, `tim3`, `time.Time {…`, nil, ""},
	{253, `m6["very long string 0123456789a0123456789b0123456789c0123456789d0123456789e0123456789f0123456789g012345678h90123456789i0123456789j0123456789"]`, `123`, nil, ""},
	{254, `string(byteslice) == "tèst"`, `true`, nil, ""},
	{255, `*(*interface {})(uintptr(&iface1))`, `interface {}(*main.astruct) *{A: 1, B: 2}`, nil, ""},
	{256, `*(*struct {})(uintptr(&zsvar))`, `struct {} {}`, nil, ""},
	{257, `main.Byte(bytearray[0])`, `116`, nil, ""},
	{258, `uint8(bytetypearray[0])`, `116`, nil, ""},
	{259, `main.Byte(2)`, `2`, nil, ""},
	{260, `main.String(s1[0])`, `"one"`, nil, ""},
	{261, `string(typedstringvar)`, `"blah"`, nil, ""},
	{262, `main.String("test")`, `"test"`, nil, ""},
	{263, `main.astruct(namedA1)`, `main.astruct {A: 12, B: 45}`, nil, ""},
	{264, `main.astructName2(namedA1)`, `main.astructName2 {A: 12, B: 45}`, nil, ""},
	{265, `(*main.Byte)(&bytearray[0])`, `(*main.Byte)(…`, nil, ""},
	{266, `(*main.String)(&s1[0])`, `(*main.String)(…`, nil, ""},
	{267, `(*string)(&typedstringvar)`, `(*string)(…`, nil, ""},
	{268, `(*main.astruct)(&namedA1)`, `(*main.astruct)(…`, nil, ""},
	{269, `(*main.astructName2)(&namedA1)`, `(*main.astructName2)(…`, nil, ""},
	{270, `*(*uint)(uintptr(p1))`, `1`, nil, ""},
	{271, `*(*uint)(uintptr(&i1))`, `1`, nil, ""},
	{272, `*(*uint)(unsafe.Pointer(p1))`, `1`, nil, ""},
	{273, `*(*uint)(unsafe.Pointer(&i1))`, `1`, nil, ""},
	{274, `issue4179helper.Test`, `*github.com/go-delve/delve/_fixtures/internal/issue4179helper.Test {Name: interface {} nil, Age: 0}`, nil, ""},
	{275, `badslice`, `(unreadable non-zero length array with nil base)`, nil, ""},
	{276, `**(**maps.Map)(uintptr(&m1))`, `…`, nil, ""},
	{277, `iface7`, `interface {}(main.OnlyUsedInInterface) {s: "test"}`, nil, ""},
}

// delveValue turns a value of Delve's table into a pattern for tdb's line.
func delveValue(v string) string {
	if strings.HasSuffix(v, "…") {
		p := strings.TrimSuffix(v, "…")
		if p == "" {
			return notAnError
		}
		return `^` + regexp.QuoteMeta(p)
	}
	if len(v) > 1 && strings.HasPrefix(v, "/") && strings.HasSuffix(v, "/") {
		return v[1 : len(v)-1]
	}
	return exact(v)
}

// notAnError matches any non-empty line but tdb's error line (Go's regexp
// has no negative lookahead).
const notAnError = `^(?:[^e]|e$|e[^r]|er$|er[^r]|err$|err[^o]|erro$|erro[^r]|error$|error[^:])`

func delveError(errs []string) string {
	if len(errs) == 1 && errs[0] == "*" {
		return `^error: `
	}
	var alt []string
	for _, e := range errs {
		alt = append(alt, regexp.QuoteMeta(e))
	}
	return `^error: (?:` + strings.Join(alt, "|") + `)$`
}

// evalCases makes a case of each row of test, printing its expression on
// fixture stopped at line (by brk).
func evalCases(test, fixture, brk string, line int, rows []evalRow) []delveCase {
	var cs []delveCase
	for _, r := range rows {
		w := delveValue(r.value)
		if r.errs != nil {
			w = delveError(r.errs)
		}
		cs = append(cs, delveCase{
			name:    fmt.Sprintf("%s/%d", test, r.i),
			fixture: fixture,
			cmds:    []string{brk, "continue", "print " + r.expr},
			want:    []string{stop("main.main", line), w},
			known:   r.known,
		})
	}
	return cs
}

var _ = addDelveCases(evalCases("TestEvalExpression", "testvariables2", evalBreak, 446, evalRows)...)

// TestEvalAddrAndCast (pkg/proc/variables_test.go), on testvariables2 at
// the same stop (conformance_values_test.go has its first two steps too). Delve's third step casts the address
// the second printed, (*main.astruct)(0xc...); a batch cannot paste it,
// so the case casts the same address computed: uintptr(&(c1.pb.a)).
var _ = addDelveCases(
	delveCase{
		name:    "TestEvalAddrAndCast",
		fixture: "testvariables2",
		cmds:    []string{evalBreak, "continue", "print &c1", "print &(c1.pb.a)", "print *(*main.astruct)(uintptr(&(c1.pb.a)))"},
		want: []string{stop("main.main", 446), `^\(\*main\.cstruct\)\(0x[0-9a-f]+\)$`, `^\(\*main\.astruct\)\(0x[0-9a-f]+\)$`,
			exact("main.astruct {A: 1, B: 2}")},
	},
)

// TestPackageRenames (pkg/proc/variables_test.go): the one row
// conformance_values_test.go leaves out, a package by its quoted path.
var _ = addDelveCases(delveCase{
	name:    `TestPackageRenames/"dir1/pkg".A`,
	fixture: "pkgrenames",
	cmds:    []string{"break pkgrenames.go:50", "continue", `print "dir1/pkg".A`},
	want:    []string{stop("main.main", 50), exact("1")},
})

// TestIssue426 (pkg/proc/variables_test.go): conversions to pointers to
// types named by their DWARF names, quoted, on testvariables2. Delve casts
// each variable's address, which it prints as a number; a batch cannot
// paste it, so the cases cast uintptr(&VAR), the same address. Delve asks
// only that the conversion succeed.
var _ = addDelveCases(func() []delveCase {
	var cs []delveCase
	for i, r := range []struct{ name, typ string }{
		{"iface1", `interface {}`},
		{"mapanonstruct1", `map[string]struct {}`},
		{"anonstruct1", `struct { main.val go/constant.Value }`},
		{"anonfunc", `func(struct { main.i int }, interface {}, struct { main.val go/constant.Value })`},
		{"anonstruct2", `struct { main.i int; main.j int }`},
		{"anoniface1", `interface { OtherFunction(int, int); SomeFunction(struct { main.val go/constant.Value }) }`},
	} {
		cs = append(cs, delveCase{
			name:    fmt.Sprintf("TestIssue426/%d", i),
			fixture: "testvariables2",
			cmds:    []string{evalBreak, "continue", fmt.Sprintf("print (*%q)(uintptr(&%s))", r.typ, r.name)},
			want:    []string{stop("main.main", 446), `^\("?\*.*"?\)\(0x[0-9a-f]+\)$`},
		})
	}
	return cs
}()...)

// TestMapEvaluation (pkg/proc/variables_test.go): m1 has 66 entries, of
// which Delve loads 64; m1[64:] shows the other 2. (Delve also checks
// that "Malone" is among exactly one of the two lists, which ordered
// patterns cannot say.)
var _ = addDelveCases(delveCase{
	name:    "TestMapEvaluation",
	fixture: "testvariables2",
	cmds:    []string{evalBreak, "continue", "print m1", "print m1[64:]"},
	want: []string{stop("main.main", 446),
		`^map\[string\]main\.astruct \[(?:"\w+": \{A: \d+, B: \d+\}, ){64}\.\.\.\+2 more\]$`,
		`^map\[string\]main\.astruct \[(?:"\w+": \{A: \d+, B: \d+\}, ){2}\]$`},
})

// TestEvalExprName and TestEvalNonunicodeString
// (service/test/integration2_test.go), on testvariables2: an expression's
// value (Delve also checks its name), and a string made of bytes that are
// not UTF-8, which tdb prints quoted as Go quotes it.
var _ = addDelveCases(
	delveCase{
		name:    "TestEvalExprName",
		fixture: "testvariables2",
		cmds:    []string{evalBreak, "continue", "print i1+1"},
		want:    []string{stop("main.main", 446), exact("2")},
	},
	delveCase{
		name:    "TestEvalNonunicodeString",
		fixture: "testvariables2",
		cmds:    []string{evalBreak, "continue", "print string(issue4072)"},
		want: []string{stop("main.main", 446),
			exact(strconv.Quote(string([]byte{116, 121, 112, 101, 32, 84, 32, 115, 116, 114, 117, 99, 116, 32, 123, 12, 12, 9, 255, 102, 108, 100, 99, 111, 109, 255})))},
	},
)

// Expression rows of pkg/proc/proc_test.go. TestIssue1736 casts the
// address of *(ch1.buf), which Delve pastes as a number; the case casts
// uintptr(ch1.buf), the same address. TestPackageWithPathVar asks only
// that both expressions evaluate.
var _ = addDelveCases(
	delveCase{
		name:    "TestVarSum",
		fixture: "testvariables2",
		cmds:    []string{evalBreak, "continue", "print s1[0] + s1[1]"},
		want:    []string{stop("main.main", 446), exact(`"onetwo"`)},
	},
	delveCase{
		name:    "TestIssue1736",
		fixture: "testvariables2",
		cmds:    []string{evalBreak, "continue", "print *(ch1.buf)", `print *(*"[11]int")(uintptr(ch1.buf))`},
		want:    []string{stop("main.main", 446), exact("[11]int [1,4,3,2,0,0,0,0,0,0,0]"), exact("[11]int [1,4,3,2,0,0,0,0,0,0,0]")},
	},
	delveCase{
		name:    "TestPackageWithPathVar",
		fixture: "pkgrenames",
		cmds:    []string{"break pkgrenames.go:50", "continue", "print pkg.SomeVar", "print pkg.SomeVar.X"},
		want:    []string{stop("main.main", 50), notAnError, notAnError},
	},
)

// Expression rows of TestVariableEvaluation, TestVariableEvaluation2 and
// TestVariableEvaluationShort (pkg/proc/variables_test.go) on
// testvariables, stopped at its runtime.Breakpoint() (line 65): fields
// through values and pointers, and a member a nil pointer's type does not
// have, which Delve reports before the nil pointer.
var _ = addDelveCases(func() []delveCase {
	var cs []delveCase
	for _, r := range []struct{ name, expr, want string }{
		{"TestVariableEvaluation/a6.Baz", "a6.Baz", exact("8")},
		{"TestVariableEvaluation/a7.Baz", "a7.Baz", exact("5")},
		{"TestVariableEvaluation/a8.Baz", "a8.Baz", exact(`"feh"`)},
		{"TestVariableEvaluation2/a9.NonExistent", "a9.NonExistent", exact("error: a9 has no member NonExistent")},
		{"TestVariableEvaluationShort/a9.NonExistent", "a9.NonExistent", exact("error: a9 has no member NonExistent")},
	} {
		cs = append(cs, delveCase{name: r.name, fixture: "testvariables",
			cmds: []string{"break testvariables.go:65", "continue", "print " + r.expr},
			want: []string{stop("main.foobar", 65), r.want}})
	}
	return cs
}()...)
