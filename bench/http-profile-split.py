#!/usr/bin/env python3
"""bench/http-profile-split.py OUT/NAME-PATH...: one row per bench/http-profile run.

Per request: system calls by kind and context switches (perf stat), then the CPU per request (task clock) split
by where its perf samples were: under which system call the kernel stack is (the frame just above do_syscall_64),
or in user space by object. Requests are the write + writev calls of the stat window (one response each).
"""
import collections
import re
import sys


def counts(d):
    v = {}
    for line in open(d + "/stat.csv"):
        p = line.strip().split(",")
        if len(p) > 3 and p[0][:1].isdigit():
            v[p[2]] = float(p[0])
    return v


def shares(d):
    """Fraction of samples per bucket: 'sys:<entry>', 'user:<object>', 'kernel:<entry>' (interrupts, faults)."""
    cnt, total, block = collections.Counter(), 0, []

    def flush(b):
        nonlocal total
        if len(b) < 2:
            return
        total += 1
        syms = [re.sub(r"\+0x[0-9a-f]+", "", (l.strip().split(" ", 1) + [""])[1]) for l in b[1:]]
        if "[kernel.kallsyms]" not in syms[0]:
            m = re.search(r"\((.*)\)$", syms[0])
            obj = m.group(1) if m else "?"
            cnt["user:" + ("JIT" if "perf-" in obj else obj.split("/")[-1])] += 1
            return
        key = "kernel:no-syscall"
        for i, s in enumerate(syms):
            if s.startswith("do_syscall_64") and i > 0:
                key = "sys:" + syms[i - 1].split(" ")[0]
                break
            if s.startswith(("asm_exc_page_fault", "asm_sysvec", "asm_common_interrupt")):
                key = "kernel:" + s.split(" ")[0]
                break
        cnt[key] += 1

    for line in open(d + "/script.txt", errors="replace"):
        if line.strip():
            block.append(line.rstrip("\n"))
        else:
            flush(block)
            block = []
    flush(block)
    return {k: c / total for k, c in cnt.items()}


for d in sys.argv[1:]:
    v, s = counts(d), shares(d)
    n = v["syscalls:sys_enter_write"] + v["syscalls:sys_enter_writev"]
    cpu = v["task-clock"] * 1000 / n  # task-clock is in ms
    write = s.get("sys:ksys_write", 0) + s.get("sys:do_writev", 0)
    read = s.get("sys:ksys_read", 0) + s.get("sys:__x64_sys_recvfrom", 0)
    wait = s.get("sys:__x64_sys_epoll_wait", 0)
    park = s.get("sys:__x64_sys_futex", 0) + s.get("sys:__x64_sys_epoll_ctl", 0)
    user = sum(x for k, x in s.items() if k.startswith("user:"))
    other = 1 - write - read - wait - park - user
    print(f"{d}: {n / 4:,.0f} req/s; per request: {v['raw_syscalls:sys_enter'] / n:.3f} syscalls, "
          f"epoll_wait {v['syscalls:sys_enter_epoll_wait'] / n:.3f}, epoll_ctl {v['syscalls:sys_enter_epoll_ctl'] / n:.4f}, "
          f"futex {v['syscalls:sys_enter_futex'] / n:.4f}, context switches {v['context-switches'] / n:.4f}; "
          f"CPU {cpu:.2f} µs = write {write * cpu:.2f} + read {read * cpu:.2f} + epoll_wait {wait * cpu:.2f} "
          f"+ futex/epoll_ctl {park * cpu:.2f} + other kernel {other * cpu:.2f} + user {user * cpu:.2f} "
          f"(JIT {s.get('user:JIT', 0) * cpu:.2f}, libjvm {s.get('user:libjvm.so', 0) * cpu:.2f}, "
          f"vDSO clock {s.get('user:[vdso]', 0) * cpu:.2f})")
