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
	ListGoroutines struct {
		All    bool
		Filter string
		Start  int
		Count  int
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
