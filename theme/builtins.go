package theme

import (
	"github.com/gdamore/tcell/v2"

	"tdb/source"
)

// spec is one style written as data: colour names as tcell.GetColor reads
// them ("#rrggbb", "navy", "default"); "" means the palette's own fg/bg.
type spec struct {
	fg, bg                                string
	bold, italic, underline, reverse, dim bool
}

// palette is a theme as data, before colours are resolved.
type palette struct {
	bg, fg string
	roles  map[Role]spec
	code   map[source.TokenKind]spec
}

func (p palette) build(name string) *Theme {
	t := &Theme{Name: name, Background: tcell.GetColor(p.bg), Foreground: tcell.GetColor(p.fg)}
	resolve := func(s spec) tcell.Style {
		fg, bg := s.fg, s.bg
		if fg == "" {
			fg = p.fg
		}
		if bg == "" {
			bg = p.bg
		}
		return tcell.StyleDefault.Foreground(tcell.GetColor(fg)).Background(tcell.GetColor(bg)).
			Bold(s.bold).Italic(s.italic).Underline(s.underline).Reverse(s.reverse).Dim(s.dim)
	}
	for r := Role(0); r < NumRoles; r++ {
		t.roles[r] = resolve(p.roles[r])
	}
	for k := source.TokenKind(0); k < source.NumTokenKinds; k++ {
		t.code[k] = resolve(p.code[k])
	}
	return t
}

// builtins are the themes tdb ships. Every text colour here meets a WCAG
// contrast ratio of 4.5 against the background it is drawn on (checked by
// TestContrast): grey-on-grey is the first complaint about debugger TUIs.
var builtins = map[string]palette{
	"dark": {
		bg: "#1c1c1c", fg: "#d0d0d0",
		roles: map[Role]spec{
			Dim:            {fg: "#8f8f8f"},
			Border:         {fg: "#6c6c6c"},
			BorderFocus:    {fg: "#5fafff", bold: true},
			Title:          {fg: "#b2b2b2"},
			ExecLine:       {bg: "#2a3a52"},
			Arrow:          {fg: "#ffd75f", bold: true},
			FrameLine:      {bg: "#3d3420"},
			Cursor:         {bg: "#333333"},
			Breakpoint:     {fg: "#ff5f5f", bold: true},
			BreakpointOff:  {fg: "#9e9e9e"},
			BreakpointCond: {fg: "#ffaf5f", bold: true},
			Match:          {fg: "#000000", bg: "#ffd75f"},
			Changed:        {fg: "#ff8787", bold: true},
			Status:         {fg: "#ffffff", bg: "#1f4f7a"},
			StatusRunning:  {fg: "#000000", bg: "#d7af5f"},
			StatusExited:   {fg: "#ffffff", bg: "#870000"},
			Error:          {fg: "#ff6b6b"},
			Warning:        {fg: "#ffd75f"},
			Mechanics:      {fg: "#87afd7"},
			Command:        {fg: "#87d787", bold: true},
			Key:            {fg: "#ffd75f", bold: true},
		},
		code: map[source.TokenKind]spec{
			source.TokKeyword:  {fg: "#569cd6", bold: true},
			source.TokType:     {fg: "#4ec9b0"},
			source.TokConstant: {fg: "#569cd6"},
			source.TokFunction: {fg: "#dcdcaa"},
			source.TokBuiltin:  {fg: "#4ec9b0"},
			source.TokString:   {fg: "#ce9178"},
			source.TokNumber:   {fg: "#b5cea8"},
			source.TokComment:  {fg: "#6a9955", italic: true},
			source.TokPreproc:  {fg: "#c586c0"},
			source.TokError:    {fg: "#f44747"},
		},
	},
	"light": {
		bg: "#ffffff", fg: "#1f1f1f",
		roles: map[Role]spec{
			Dim:            {fg: "#666666"},
			Border:         {fg: "#9e9e9e"},
			BorderFocus:    {fg: "#005fd7", bold: true},
			Title:          {fg: "#444444"},
			ExecLine:       {bg: "#d7e8ff"},
			Arrow:          {fg: "#af5f00", bold: true},
			FrameLine:      {bg: "#fff1c2"},
			Cursor:         {bg: "#ececec"},
			Breakpoint:     {fg: "#d70000", bold: true},
			BreakpointOff:  {fg: "#707070"},
			BreakpointCond: {fg: "#af5f00", bold: true},
			Match:          {fg: "#000000", bg: "#ffd75f"},
			Changed:        {fg: "#c00000", bold: true},
			Status:         {fg: "#ffffff", bg: "#005f87"},
			StatusRunning:  {fg: "#000000", bg: "#ffd75f"},
			StatusExited:   {fg: "#ffffff", bg: "#870000"},
			Error:          {fg: "#c00000"},
			Warning:        {fg: "#875f00"},
			Mechanics:      {fg: "#005f87"},
			Command:        {fg: "#005f00", bold: true},
			Key:            {fg: "#005fd7", bold: true},
		},
		code: map[source.TokenKind]spec{
			source.TokKeyword:  {fg: "#0033b3", bold: true},
			source.TokType:     {fg: "#1b6b80"},
			source.TokConstant: {fg: "#0033b3"},
			source.TokFunction: {fg: "#6b5220"},
			source.TokBuiltin:  {fg: "#1b6b80"},
			source.TokString:   {fg: "#a31515"},
			source.TokNumber:   {fg: "#07704a"},
			source.TokComment:  {fg: "#1d6b1d", italic: true},
			source.TokPreproc:  {fg: "#8f00b5"},
			source.TokError:    {fg: "#c00000"},
		},
	},
	"high-contrast": {
		bg: "#000000", fg: "#ffffff",
		roles: map[Role]spec{
			Dim:            {fg: "#d0d0d0"},
			Border:         {fg: "#d0d0d0"},
			BorderFocus:    {fg: "#ffff00", bold: true},
			Title:          {fg: "#ffffff", bold: true},
			ExecLine:       {bg: "#00005f", bold: true},
			Arrow:          {fg: "#ffff00", bold: true},
			FrameLine:      {bg: "#4e004e"},
			Cursor:         {bg: "#262626", underline: true},
			Breakpoint:     {fg: "#ff5f5f", bold: true},
			BreakpointOff:  {fg: "#d0d0d0"},
			BreakpointCond: {fg: "#ffaf00", bold: true},
			Match:          {fg: "#000000", bg: "#ffff00"},
			Changed:        {fg: "#00ffff", bold: true},
			Status:         {fg: "#000000", bg: "#ffffff"},
			StatusRunning:  {fg: "#000000", bg: "#ffff00"},
			StatusExited:   {fg: "#ffffff", bg: "#af0000"},
			Error:          {fg: "#ff5f5f", bold: true},
			Warning:        {fg: "#ffff00"},
			Mechanics:      {fg: "#00ffff"},
			Command:        {fg: "#00ff00", bold: true},
			Key:            {fg: "#ffff00", bold: true},
		},
		code: map[source.TokenKind]spec{
			source.TokKeyword:  {fg: "#5fd7ff", bold: true},
			source.TokType:     {fg: "#00ff87"},
			source.TokConstant: {fg: "#5fd7ff"},
			source.TokFunction: {fg: "#ffffff", bold: true},
			source.TokBuiltin:  {fg: "#00ffff"},
			source.TokString:   {fg: "#ffaf5f"},
			source.TokNumber:   {fg: "#ff87ff"},
			source.TokComment:  {fg: "#87d787", italic: true},
			source.TokPreproc:  {fg: "#ff87ff"},
			source.TokError:    {fg: "#ff5f5f", bold: true},
		},
	},
	// "projector" is presenter mode's (tdb --present, issue 15): a
	// projector washes out dark backgrounds and pale tints, so black on
	// white, a saturated yellow bar on the execution line, a mid-blue
	// cursor line that survives a faded lamp (underlined as well), and no
	// grey lighter than #404040.
	"projector": {
		bg: "#ffffff", fg: "#000000",
		roles: map[Role]spec{
			Dim:            {fg: "#404040"},
			Border:         {fg: "#404040"},
			BorderFocus:    {fg: "#0040c0", bold: true},
			Title:          {fg: "#000000", bold: true},
			ExecLine:       {bg: "#ffd000", bold: true},
			Arrow:          {fg: "#b00000", bold: true},
			FrameLine:      {bg: "#ffb070"},
			Cursor:         {bg: "#80c0ff", underline: true},
			Breakpoint:     {fg: "#c00000", bold: true},
			BreakpointOff:  {fg: "#505050"},
			BreakpointCond: {fg: "#8a4000", bold: true},
			Match:          {fg: "#000000", bg: "#00e0e0"},
			Changed:        {fg: "#c00000", bold: true},
			Status:         {fg: "#ffffff", bg: "#003a80", bold: true},
			StatusRunning:  {fg: "#000000", bg: "#ffd000", bold: true},
			StatusExited:   {fg: "#ffffff", bg: "#900000", bold: true},
			Error:          {fg: "#b00000", bold: true},
			Warning:        {fg: "#704000", bold: true},
			Mechanics:      {fg: "#003a80"},
			Command:        {fg: "#005000", bold: true},
			Key:            {fg: "#0040c0", bold: true},
		},
		code: map[source.TokenKind]spec{
			source.TokKeyword:  {fg: "#0020a0", bold: true},
			source.TokType:     {fg: "#00505a"},
			source.TokConstant: {fg: "#0020a0"},
			source.TokFunction: {fg: "#502000", bold: true},
			source.TokBuiltin:  {fg: "#00505a"},
			source.TokString:   {fg: "#900000"},
			source.TokNumber:   {fg: "#005030"},
			source.TokComment:  {fg: "#285028", italic: true},
			source.TokPreproc:  {fg: "#700090"},
			source.TokError:    {fg: "#b00000", bold: true},
		},
	},
	// "16" uses only the named ANSI colours, which every colour terminal
	// has (the user's palette decides the exact shades).
	"16": {
		bg: "black", fg: "silver",
		roles: map[Role]spec{
			Dim:            {fg: "gray"},
			Border:         {fg: "gray"},
			BorderFocus:    {fg: "yellow", bold: true},
			Title:          {fg: "white"},
			ExecLine:       {fg: "white", bg: "navy"},
			Arrow:          {fg: "yellow", bold: true},
			FrameLine:      {underline: true},
			Cursor:         {bold: true},
			Breakpoint:     {fg: "red", bold: true},
			BreakpointOff:  {fg: "gray"},
			BreakpointCond: {fg: "yellow", bold: true},
			Match:          {fg: "black", bg: "yellow"},
			Changed:        {fg: "aqua", bold: true},
			Status:         {fg: "white", bg: "navy"},
			StatusRunning:  {fg: "black", bg: "olive"},
			StatusExited:   {fg: "white", bg: "maroon"},
			Error:          {fg: "red", bold: true},
			Warning:        {fg: "yellow"},
			Mechanics:      {fg: "aqua"},
			Command:        {fg: "lime", bold: true},
			Key:            {fg: "yellow", bold: true},
		},
		code: map[source.TokenKind]spec{
			source.TokKeyword:  {fg: "aqua", bold: true},
			source.TokType:     {fg: "lime"},
			source.TokConstant: {fg: "fuchsia"},
			source.TokFunction: {fg: "white", bold: true},
			source.TokBuiltin:  {fg: "aqua"},
			source.TokString:   {fg: "yellow"},
			source.TokNumber:   {fg: "fuchsia"},
			source.TokComment:  {fg: "gray"},
			source.TokPreproc:  {fg: "fuchsia"},
			source.TokError:    {fg: "red", bold: true},
		},
	},
}

// Mono is the theme for NO_COLOR: the terminal's own colours everywhere;
// the execution line is reverse video, the selected frame's line
// underlined, breakpoints bold (their glyphs differ anyway).
func Mono() *Theme {
	p := palette{
		bg: "default", fg: "default",
		roles: map[Role]spec{
			BorderFocus:    {bold: true},
			Title:          {},
			ExecLine:       {reverse: true},
			Arrow:          {bold: true},
			FrameLine:      {underline: true},
			Cursor:         {bold: true},
			Breakpoint:     {bold: true},
			BreakpointOff:  {dim: true},
			BreakpointCond: {bold: true},
			Match:          {reverse: true, underline: true},
			Changed:        {bold: true, underline: true},
			Status:         {reverse: true},
			StatusRunning:  {reverse: true, bold: true},
			StatusExited:   {reverse: true},
			Error:          {bold: true},
			Command:        {bold: true},
			Key:            {bold: true},
		},
	}
	t := p.build("mono")
	t.Mono = true
	return t
}
