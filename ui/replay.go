package ui
import "tdb/ui/console"
func RunReplay(h *console.StopHistory, file string, opts Options) error { return nil }
