package nlu

import (
	"time"
)

var weekdayIndex = map[rune]int{'一': 0, '二': 1, '三': 2, '四': 3, '五': 4, '六': 5, '日': 6, '天': 6, '七': 6,
	'1': 0, '2': 1, '3': 2, '4': 3, '5': 4, '6': 5, '7': 6}

var relativeDays = []struct {
	word string
	days int
}{
	{"大前天", -3}, {"大后天", 3}, {"前天", -2}, {"昨天", -1}, {"昨日", -1}, {"昨晚", -1},
	{"今天", 0}, {"今日", 0}, {"今晚", 0}, {"明天", 1}, {"后天", 2},
}

var shoppingFestivals = []struct {
	word       string
	month, day int
}{
	{"双十一", 11, 11}, {"双11", 11, 11}, {"双十二", 12, 12}, {"双12", 12, 12},
	{"618", 6, 18}, {"三八节", 3, 8}, {"女神节", 3, 8}, {"情人节", 2, 14}, {"520", 5, 20},
}

// dateOf returns midnight of t's day in t's location.
func dateOf(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, t.Location())
}

// pastOrCurrentYear returns month/day in now's year, or the previous year when that date is
// more than 31 days ahead: shoppers mostly talk about dates that have happened.
func pastOrCurrentYear(now time.Time, month, day int) (time.Time, bool) {
	d := time.Date(now.Year(), time.Month(month), day, 0, 0, 0, 0, now.Location())
	if d.Month() != time.Month(month) { // 2月30号
		return time.Time{}, false
	}
	if d.Sub(dateOf(now)) > 31*24*time.Hour {
		d = d.AddDate(-1, 0, 0)
	}
	return d, true
}

// findDates appends date entities resolved against now. Weeks start on Monday.
func findDates(rs []rune, now time.Time, add func(typ, value string, start, end, prio int)) {
	if now.IsZero() {
		return
	}
	today := dateOf(now)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	emit := func(d time.Time, start, end int) {
		add("date", d.Format("2006-01-02"), start, end, 8)
	}
	for i := 0; i < len(rs); i++ {
		if matched := matchAt(rs, i, relativeDays, func(w struct {
			word string
			days int
		}) string {
			return w.word
		}); matched >= 0 {
			w := relativeDays[matched]
			emit(today.AddDate(0, 0, w.days), i, i+len([]rune(w.word)))
			i += len([]rune(w.word)) - 1
			continue
		}
		if matched := matchAt(rs, i, shoppingFestivals, func(f struct {
			word       string
			month, day int
		}) string {
			return f.word
		}); matched >= 0 {
			f := shoppingFestivals[matched]
			n := len([]rune(f.word))
			// Bare numbers (618, 520) only count when they clearly name the day or the event.
			if isDigit(rs[i]) {
				if i > 0 && isDigit(rs[i-1]) || i+n < len(rs) && isDigit(rs[i+n]) || !hasAnyPrefix(rs[i+n:], "那天", "的时候", "活动", "大促", "期间", "当天") {
					continue
				}
			}
			if d, ok := pastOrCurrentYear(now, f.month, f.day); ok {
				end := i + n
				if hasPrefix(rs[end:], "那天") {
					end += 2
				}
				emit(d, i, end)
			}
			i += n - 1
			continue
		}
		// 上周五 / 这周五 / 本周五 / 下周五 / 周五 / 星期五 / 礼拜五
		if start, end, week, wd, ok := matchWeekday(rs, i); ok {
			emit(monday.AddDate(0, 0, 7*week+wd), start, end)
			i = end - 1
			continue
		}
		// N天前
		if v, j, ok := parseNumber(rs, i); ok && v >= 1 && v <= 60 && v == float64(int(v)) && hasPrefix(rs[j:], "天前") {
			emit(today.AddDate(0, 0, -int(v)), i, j+2)
			i = j + 1
			continue
		}
		// 11月3号 / 11月3日 / 3号 (this month)
		if isDigit(rs[i]) || isCNNumeral(rs[i]) {
			if i > 0 && (isDigit(rs[i-1]) || isCNNumeral(rs[i-1]) || rs[i-1] == '.') {
				continue
			}
			m, j, ok := parseNumber(rs, i)
			if !ok {
				continue
			}
			if j < len(rs) && rs[j] == '月' && m >= 1 && m <= 12 && m == float64(int(m)) {
				d, k, ok := parseNumber(rs, j+1)
				if ok && k < len(rs) && (rs[k] == '号' || rs[k] == '日') && d >= 1 && d <= 31 && d == float64(int(d)) {
					if t, ok := pastOrCurrentYear(now, int(m), int(d)); ok {
						emit(t, i, k+1)
					}
					i = k
				}
				continue
			}
			if j < len(rs) && rs[j] == '号' && m >= 1 && m <= 31 && m == float64(int(m)) && (i == 0 || rs[i-1] != '第') {
				// 38号 is a shoe size, 3号 a day of this month (or of last month if still ahead).
				t := time.Date(today.Year(), today.Month(), int(m), 0, 0, 0, 0, now.Location())
				if t.Month() == today.Month() {
					if t.After(today.AddDate(0, 0, 3)) {
						t = t.AddDate(0, -1, 0)
					}
					emit(t, i, j+1)
				}
				i = j
			}
		}
	}
}

// matchWeekday matches a weekday expression at rs[i]: the week offset (-1 last, 0 this, 1
// next) and the weekday index (Monday 0).
func matchWeekday(rs []rune, i int) (start, end, week, wd int, ok bool) {
	j := i
	switch {
	case hasAnyPrefix(rs[j:], "上个", "上一"):
		week, j = -1, j+2
	case hasAnyPrefix(rs[j:], "上"):
		week, j = -1, j+1
	case hasAnyPrefix(rs[j:], "下个", "下一"):
		week, j = 1, j+2
	case hasAnyPrefix(rs[j:], "下"):
		week, j = 1, j+1
	case hasAnyPrefix(rs[j:], "这个", "本"):
		if rs[j] == '本' {
			j++
		} else {
			j += 2
		}
	case hasAnyPrefix(rs[j:], "这"):
		j++
	}
	switch {
	case hasAnyPrefix(rs[j:], "星期", "礼拜"):
		j += 2
	case hasAnyPrefix(rs[j:], "周"):
		j++
	default:
		return 0, 0, 0, 0, false
	}
	if j >= len(rs) {
		return 0, 0, 0, 0, false
	}
	d, ok := weekdayIndex[rs[j]]
	if !ok || (rs[j] == '天' && j+1 < len(rs) && rs[j+1] == '气') {
		return 0, 0, 0, 0, false
	}
	return i, j + 1, week, d, true
}

// matchAt returns the index of the first (longest-first ordered) entry whose word starts at rs[i].
func matchAt[T any](rs []rune, i int, list []T, word func(T) string) int {
	for k, e := range list {
		if hasPrefix(rs[i:], word(e)) {
			return k
		}
	}
	return -1
}

func hasPrefix(rs []rune, p string) bool {
	i := 0
	for _, r := range p {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func hasAnyPrefix(rs []rune, ps ...string) bool {
	for _, p := range ps {
		if hasPrefix(rs, p) {
			return true
		}
	}
	return false
}
