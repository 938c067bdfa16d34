package dap

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	godap "github.com/google/go-dap"

	"tdb/source/fixture"
)

func TestMain(m *testing.M) {
	code := m.Run()
	fixture.Cleanup()
	os.Exit(code)
}

func testOptions() Options {
	return Options{Commands: ConsoleCommands}
}

// client is a test's end of the protocol: it sends requests and reads the
// adapter's messages in order, keeping the events it passes over.
type client struct {
	t      *testing.T
	w      io.WriteCloser
	msgs   chan godap.Message
	seq    int
	events []godap.Message // events read while waiting for something else
	served chan error
}

// msgWait bounds a wait for one message: generous, for a loaded 2-core
// machine building and running programs under -race.
const msgWait = 60 * time.Second

func newClient(t *testing.T) *client {
	t.Helper()
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	served := make(chan error, 1)
	go func() {
		served <- Serve(sr, sw, testOptions())
		sw.Close()
	}()
	c := connect(t, cr, cw, served)
	t.Cleanup(func() {
		cw.Close()
		select {
		case <-c.served:
		case <-time.After(msgWait):
			t.Errorf("the adapter did not end after its input closed")
		}
	})
	return c
}

// connect makes a client of a connection to an adapter: ours (newClient)
// or another one (Delve's, in the differential test).
func connect(t *testing.T, r io.Reader, w io.WriteCloser, served chan error) *client {
	c := &client{t: t, w: w, msgs: make(chan godap.Message, 256), served: served}
	go func() {
		defer close(c.msgs)
		br := bufio.NewReader(r)
		for {
			m, err := godap.ReadProtocolMessage(br)
			if err != nil {
				return
			}
			c.msgs <- m
		}
	}()
	return c
}

// send sends a request with arguments (any JSON-able value).
func (c *client) send(command string, args any) int {
	c.t.Helper()
	c.seq++
	raw := map[string]any{"seq": c.seq, "type": "request", "command": command}
	if args != nil {
		raw["arguments"] = args
	}
	b, err := json.Marshal(raw)
	if err != nil {
		c.t.Fatal(err)
	}
	fmt.Fprintf(c.w, "Content-Length: %d\r\n\r\n%s", len(b), b)
	return c.seq
}

func (c *client) next() godap.Message {
	c.t.Helper()
	select {
	case m, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("the adapter closed the connection")
		}
		return m
	case <-time.After(msgWait):
		c.t.Fatalf("no message from the adapter in %v\n%s", msgWait, fixture.HangReport())
	}
	return nil
}

// request sends a request and returns its response, failing the test on
// an error response unless failure is wanted. Events met on the way are
// kept for expectEvent.
func (c *client) request(command string, args any) godap.ResponseMessage {
	c.t.Helper()
	r := c.requestMaybe(command, args)
	if !r.GetResponse().Success {
		c.t.Fatalf("%s failed: %s", command, r.GetResponse().Message)
	}
	return r
}

func (c *client) requestMaybe(command string, args any) godap.ResponseMessage {
	c.t.Helper()
	seq := c.send(command, args)
	for {
		m := c.next()
		if r, ok := m.(godap.ResponseMessage); ok && r.GetResponse().RequestSeq == seq {
			return r
		}
		if _, ok := m.(godap.EventMessage); ok {
			c.events = append(c.events, m)
			continue
		}
		c.t.Fatalf("unexpected message %#v while waiting for the %s response", m, command)
	}
}

// event returns the next event named name, skipping (and keeping) others.
func (c *client) event(name string) godap.EventMessage {
	c.t.Helper()
	for i, m := range c.events {
		if e := m.(godap.EventMessage); e.GetEvent().Event == name {
			c.events = append(c.events[:i:i], c.events[i+1:]...)
			return e
		}
	}
	for {
		m := c.next()
		e, ok := m.(godap.EventMessage)
		if !ok {
			c.t.Fatalf("unexpected message %#v while waiting for a %s event", m, name)
		}
		if e.GetEvent().Event == name {
			return e
		}
		c.events = append(c.events, m)
	}
}

// output is all the output events of a category seen so far.
func (c *client) output(category string) string {
	var b strings.Builder
	for _, m := range c.events {
		if o, ok := m.(*godap.OutputEvent); ok && o.Body.Category == category {
			b.WriteString(o.Body.Output)
		}
	}
	return b.String()
}

func (c *client) stopped() godap.StoppedEventBody {
	c.t.Helper()
	return c.event("stopped").(*godap.StoppedEvent).Body
}

// start initializes and launches with args, sets the breakpoints set does
// (after the initialized event, as a client does) and sends
// configurationDone.
func (c *client) start(args map[string]any, set func()) {
	c.t.Helper()
	c.request("initialize", map[string]any{"adapterID": "tdb", "linesStartAt1": true, "columnsStartAt1": true, "pathFormat": "path",
		"supportsVariableType": true})
	c.request("launch", args)
	c.event("initialized")
	if set != nil {
		set()
	}
	c.request("configurationDone", nil)
}

func (c *client) stack(thread, start, levels int) godap.StackTraceResponseBody {
	c.t.Helper()
	r := c.request("stackTrace", map[string]any{"threadId": thread, "startFrame": start, "levels": levels})
	return r.(*godap.StackTraceResponse).Body
}

func (c *client) vars(ref int, extra map[string]any) []godap.Variable {
	c.t.Helper()
	args := map[string]any{"variablesReference": ref}
	for k, v := range extra {
		args[k] = v
	}
	return c.request("variables", args).(*godap.VariablesResponse).Body.Variables
}

// locals returns the Locals scope's variables of a frame.
func (c *client) locals(frameID int) []godap.Variable {
	c.t.Helper()
	scopes := c.request("scopes", map[string]any{"frameId": frameID}).(*godap.ScopesResponse).Body.Scopes
	for _, s := range scopes {
		if s.Name == "Locals" {
			return c.vars(s.VariablesReference, nil)
		}
	}
	c.t.Fatalf("no Locals scope in %+v", scopes)
	return nil
}

func find(vs []godap.Variable, name string) (godap.Variable, bool) {
	for _, v := range vs {
		if v.Name == name {
			return v, true
		}
	}
	return godap.Variable{}, false
}

func (c *client) evaluate(expr, context string, frameID int) godap.ResponseMessage {
	c.t.Helper()
	return c.requestMaybe("evaluate", map[string]any{"expression": expr, "context": context, "frameId": frameID})
}

// finish disconnects and waits for the adapter to end.
func (c *client) finish() {
	c.t.Helper()
	c.request("disconnect", map[string]any{"terminateDebuggee": true})
	select {
	case err := <-c.served:
		if err != nil {
			c.t.Errorf("Serve: %v", err)
		}
		c.served <- nil
	case <-time.After(msgWait):
		c.t.Fatalf("the adapter did not end after disconnect")
	}
}
