package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/xiaoer-cs/xiaoer/internal/chat"
)

// runChat is a terminal chat with the bot, for newcomers and debugging.
func runChat(ctx context.Context, args []string, e env) error {
	fs, l := newFlags("chat", "chat [--demo] [--customer ID] [--product ID] [--debug]", e)
	customer := fs.String("customer", "", "chat as this (verified) customer id")
	product := fs.String("product", "", "chat from this product's page")
	debug := fs.Bool("debug", false, "print the understanding (intent, entities, emotion) of each message")
	c, err := parse(fs, l, args, e)
	if err != nil {
		return err
	}
	if c.Demo {
		c.DataDir = demoDataDir(fs, c.DataDir, e)
	}
	a, err := openQuietApp(ctx, c, e.stderr)
	if err != nil {
		return err
	}
	defer a.Close()
	conv, err := a.Chat.Start(ctx, chat.StartRequest{CustomerID: *customer, ProductID: *product, Channel: chat.ChannelCLI})
	if err != nil {
		return err
	}
	who := "匿名访客"
	if *customer != "" {
		who = "顾客 " + *customer
	}
	fmt.Fprintf(e.stdout, "小二已上线(%s)。输入消息回车发送,输入 /quit 退出。\n", who)
	in := bufio.NewScanner(e.stdin)
	for {
		fmt.Fprint(e.stdout, "你> ")
		if !in.Scan() {
			fmt.Fprintln(e.stdout)
			return in.Err()
		}
		text := strings.TrimSpace(in.Text())
		if text == "" {
			continue
		}
		if text == "/quit" || text == "/exit" {
			return nil
		}
		res, err := a.Chat.Post(ctx, conv.ID, chat.PostRequest{Text: text})
		if err != nil {
			fmt.Fprintln(e.stdout, "!", err)
			continue
		}
		if *debug && len(res.Analysis) > 0 {
			fmt.Fprintf(e.stdout, "   [analysis] %s\n", res.Analysis)
		}
		for _, r := range res.Replies {
			fmt.Fprintf(e.stdout, "小二> %s\n", r.Text)
			var pl struct {
				QuickReplies []string `json:"quick_replies"`
			}
			if json.Unmarshal(r.Payload, &pl) == nil && len(pl.QuickReplies) > 0 {
				// The widget shows these as buttons; here they are typed.
				fmt.Fprintf(e.stdout, "   [快捷回复] %s\n", strings.Join(pl.QuickReplies, " | "))
			}
			if *debug && len(r.Payload) > 0 {
				fmt.Fprintf(e.stdout, "   [payload] %s\n", r.Payload)
			}
		}
		if res.Handoff != nil {
			fmt.Fprintf(e.stdout, "   [已转人工: %s]\n", res.Handoff.Reason)
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}
