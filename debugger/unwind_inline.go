package debugger

// withInlined turns the machine's frames into the frames of the source: a
// pc in code the compiler inlined is in the inlined function (at the pc's
// line) and in each caller up to the function the code is in (at the line
// of each call), as DWARF's DW_TAG_inlined_subroutine entries say. Each of
// those frames gets the machine frame's PC and CFA, as Delve shows them
// (TestInlinedStacktraceAndVariables). Frames outside inlined code are
// kept as they are; in a -N -l build that is every frame.
func (e *engine) withInlined(phys []Frame) []Frame {
	return e.withInlinedFrom(phys, false)
}

// withInlinedFrom is withInlined for frames whose first pc may be a return
// address too (retFirst): a parked goroutine resumes after its call into
// the scheduler, and that call is what is looked up.
func (e *engine) withInlinedFrom(phys []Frame, retFirst bool) []Frame {
	var out []Frame // nil until a frame has inlined calls
	for i, f := range phys {
		lookup := f.PC - e.bias
		if i > 0 || retFirst {
			lookup-- // the call, not the instruction after it
		}
		stack := e.bin.InlineStack(lookup)
		if len(stack) == 0 {
			if out != nil {
				out = append(out, f)
			}
			continue
		}
		if out == nil {
			out = append(make([]Frame, 0, len(phys)+len(stack)), phys[:i]...)
		}
		file, line := f.File, f.Line
		for _, in := range stack {
			g := f
			g.Function, g.File, g.Line, g.Inlined = in.Function, file, line, true
			out = append(out, g)
			file, line = in.CallFile, in.CallLine
		}
		f.File, f.Line = file, line
		out = append(out, f)
	}
	if out == nil {
		return phys
	}
	for i := range out {
		out[i].Index = i
	}
	return out
}

// physicalFrame is the machine frame that logical frame i of frames is
// part of: its index among the machine frames, and how many inlined
// frames are inside frame i in it (0 for the innermost, which is where the
// pc's own line is).
func physicalFrame(frames []Frame, i int) (phys, depth, start int) {
	start = i
	for start > 0 && frames[start-1].Inlined {
		start--
	}
	for j := 0; j < start; j++ {
		if !frames[j].Inlined {
			phys++
		}
	}
	return phys, i - start, start
}

// physicalFunction is the function whose machine code runs in the frame
// holding frames[i]: frames[i] itself, or the first frame out of it that
// is not inlined.
func physicalFunction(frames []Frame, i int) string {
	for j := i; j < len(frames); j++ {
		if !frames[j].Inlined {
			return frames[j].Function
		}
	}
	return frames[i].Function
}
