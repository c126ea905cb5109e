module throng.io/bench/chan

go 1.19
