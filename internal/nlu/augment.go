package nlu

import (
	"fmt"
	"math/rand/v2"
)

// Shoppers paste order and tracking numbers into almost any after-sale message, but the
// corpus mostly shows them in order_status and logistics, which teaches the model that
// "a long number means order status". augmentCodes adds copies of some examples of the
// order-bound intents with a synthetic number, so the number itself carries no intent.
var orderBoundIntents = map[string]bool{
	"order_status": true, "logistics": true, "change_address": true, "cancel_order": true,
	"urge_dispatch": true, "return_exchange": true, "refund_status": true, "quality_complaint": true,
	"wrong_missing_item": true, "damaged_parcel": true, "adverse_reaction": true, "warranty_repair": true,
	"price_protection": true, "invoice": true,
}

var codeTemplates = []string{"订单号%s %s", "%s,订单%s", "单号%s %s", "%s 订单号是%s", "%s,快递单号%s", "%s %s"}

func augmentCodes(examples []trainingExample) []trainingExample {
	rng := rand.New(rand.NewPCG(trainSeed, 7))
	out := append([]trainingExample(nil), examples...)
	seen := map[string]int{}
	for _, ex := range examples {
		if !orderBoundIntents[ex.intent] {
			continue
		}
		seen[ex.intent]++
		if seen[ex.intent]%3 != 0 {
			continue
		}
		t := codeTemplates[rng.IntN(len(codeTemplates))]
		var code string
		if t == "%s,快递单号%s" {
			code = fmt.Sprintf("%d", 700000000000+rng.Int64N(99999999999))
		} else {
			code = fmt.Sprintf("26%016d", rng.Int64N(1e16))
		}
		var text string
		switch t {
		case "订单号%s %s", "单号%s %s":
			text = fmt.Sprintf(t, code, ex.text)
		default:
			text = fmt.Sprintf(t, ex.text, code)
		}
		out = append(out, trainingExample{text: text, intent: ex.intent})
	}
	return out
}
