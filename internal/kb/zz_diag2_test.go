package kb

func diagFocus(ix *Index, q string, h Hit) string { return "" }
