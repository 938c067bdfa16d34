package debugger

import "fmt"

// Requests about goroutines and threads. They need a stopped target.
type (
	// ListGoroutines returns a page of the live goroutines: user
	// goroutines first, then (with All) the runtime's own, each group by
	// id. Filter keeps the goroutines whose status, wait reason or
	// locations contain it. Start skips that many after filtering; Count
	// bounds the page (0: all). Reply.Goroutines holds the page and
	// Reply.Total how many matched in all.
	//
	// Group, when set (GroupUserLoc, ... GroupStack), sums the goroutines
	// up in the engine instead: Reply.Groups holds a page of groups (Start
	// and Count then count groups), Reply.Total how many groups there are
	// and Reply.Grouped how many goroutines they hold. All and Filter
	// apply first. With InGroup set too, the request lists the goroutines
	// of the group with that key instead, paged as usual: a million
	// goroutines are never copied to the front end to be grouped there.
	ListGoroutines struct {
		All     bool
		Filter  string
		Start   int
		Count   int
		Group   string
		InGroup string
	}
	// SwitchGoroutine selects goroutine ID: its stack becomes the
	// snapshot's Frames (from its thread's registers when it runs on one,
	// from its saved context when it is parked) and a Stopped event
	// carries the new snapshot.
	SwitchGoroutine struct{ ID int64 }
	// SwitchThread selects thread ID (a tid): stepping commands then work
	// on it, and its stack becomes the snapshot's Frames.
	SwitchThread struct{ ID int }
)

func (ListGoroutines) isRequest()  {}
func (SwitchGoroutine) isRequest() {}
func (SwitchThread) isRequest()    {}

// Goroutine is one goroutine as `goroutines` lists it. Plain data.
type Goroutine struct {
	ID         int64  `json:"id"`
	Status     string `json:"status"`                // running, runnable, waiting, syscall, ...
	WaitReason string `json:"wait_reason,omitempty"` // "chan receive", ... while waiting
	Thread     int    `json:"thread,omitempty"`      // the tid running it, if any
	// System: started by the runtime for itself (its start function is in
	// runtime.*, other than runtime.main).
	System bool `json:"system,omitempty"`
	// Current is where it is: its thread's pc when running, its saved pc
	// when parked.
	Current Location `json:"current"`
	// User is the innermost frame outside the runtime: for a goroutine
	// parked in gopark, the user code that waits. Empty if none.
	User Location `json:"user"`
	// Go is the go statement that created it; Start its start function.
	Go    Location `json:"go"`
	Start Location `json:"start"`
}

// The groupings of ListGoroutines.Group: Delve's four locations (its
// `goroutines -group` keys, spelt as Delve does: "FILE:LINE in FUNC"), the
// status with its wait reason ("waiting: chan receive"), and identical
// stacks (parallel stacks: the same pc in every frame).
const (
	GroupUserLoc  = "userloc"  // the innermost frame outside the runtime
	GroupCurLoc   = "curloc"   // the innermost frame
	GroupGoLoc    = "goloc"    // the go statement that created it
	GroupStartLoc = "startloc" // its start function
	GroupWait     = "wait"     // status and wait reason
	GroupStack    = "stack"    // the whole stack, frame by frame
)

// GroupKinds lists the groupings in the order a pane cycles through them.
var GroupKinds = []string{GroupUserLoc, GroupCurLoc, GroupGoLoc, GroupStartLoc, GroupWait, GroupStack}

// GoroutineGroup is one group of ListGoroutines{Group: ...}. Plain data.
type GoroutineGroup struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
	// Sample is the member with the lowest id.
	Sample Goroutine `json:"sample"`
	// Stack: for GroupStack, the frames every member has, innermost
	// first (the pc and the line of the call).
	Stack []Location `json:"stack,omitempty"`
}

// Location is a pc with its function and line, when known.
type Location struct {
	PC       uint64 `json:"pc"`
	Function string `json:"function,omitempty"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
}

// ErrGoroutineParked is returned by stepping requests while a goroutine
// that runs on no thread is selected: there is nothing to step.
type ErrGoroutineParked struct{ ID int64 }

func (e ErrGoroutineParked) Error() string {
	return fmt.Sprintf("goroutine %d is not running on a thread: switch back or continue", e.ID)
}
