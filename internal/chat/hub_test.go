package chat

import (
	"testing"
)

func TestHubDeliversToConversationAndAll(t *testing.T) {
	h := NewHub()
	one := h.Subscribe("c1")
	all := h.Subscribe("")
	other := h.Subscribe("c2")
	defer one.Close()
	defer all.Close()
	defer other.Close()

	h.Publish(Event{Type: EventMessage, ConversationID: "c1", Message: &Message{Seq: 1}})
	if ev := <-one.C; ev.Message.Seq != 1 {
		t.Errorf("conversation subscriber got %+v", ev)
	}
	if ev := <-all.C; ev.ConversationID != "c1" {
		t.Errorf("all subscriber got %+v", ev)
	}
	select {
	case ev := <-other.C:
		t.Errorf("c2 subscriber got c1's event %+v", ev)
	default:
	}
	if n := h.Subscribers(); n != 3 {
		t.Errorf("subscribers = %d", n)
	}
}

func TestHubCutsLooseASlowSubscriber(t *testing.T) {
	h := NewHub()
	slow := h.Subscribe("c1")
	fast := h.Subscribe("c1")
	for i := 0; i < 200; i++ {
		h.Publish(Event{Type: EventMessage, ConversationID: "c1", Message: &Message{Seq: int64(i + 1)}})
		select {
		case <-fast.C:
		default:
		}
	}
	select {
	case <-slow.Lagged:
	default:
		t.Fatal("slow subscriber not marked lagged")
	}
	select {
	case <-fast.Lagged:
		t.Fatal("fast subscriber marked lagged")
	default:
	}
	slow.Close() // closing twice (after the hub dropped it) must not panic
	fast.Close()
	fast.Close()
	if n := h.Subscribers(); n != 0 {
		t.Errorf("subscribers = %d after close", n)
	}
}
