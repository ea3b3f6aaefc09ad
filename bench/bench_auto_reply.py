"""Auto-replies per second, against the business-time arithmetic they use, in one run.

Workload: the built-in policy ``policy_for("retail", "b2c")``, e-mail and
live-chat messages received at seeded random instants over 2025-2026 (nights,
weekends and holidays included), in Dutch and English; each reply is made
fresh, as a help desk makes one per incoming message.

Run it with:

    pip install -e ".[dev]"
    python bench/bench_auto_reply.py            # --messages N to change the workload
    python bench/bench_auto_reply.py --profile  # where the time goes (cProfile, top 25)

It prints microseconds per ``auto_reply``, per ``response_deadline`` and per
``add_business_time`` on the same receipts (best of several runs in CPU
time), and the auto-reply target of 100 us. What a reply costs beyond the
deadline is words: the targets, day rules and opening hours in words are kept
per policy, Babel's words per date, minute and rounded duration, so a warm
service pays for the sentences of each message, not for Babel or the week.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
from datetime import timedelta

from _workload import random_starts, rate
from servicelevel import Contact, add_business_time, auto_reply, policy_for, response_deadline

POLICY = policy_for("retail", "b2c")
TARGET_US = 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2_000)
    parser.add_argument("--profile", action="store_true", help="print cProfile's top 25")
    args = parser.parse_args()
    received = random_starts(args.messages)
    channels = ["email", "live_chat"]
    cases = [
        (channels[i % 2], moment, "nl" if i % 3 else "en") for i, moment in enumerate(received)
    ]
    contacts = [Contact(channel=channel, received_at=moment) for channel, moment, _ in cases]
    hours = POLICY.hours_for("email")  # type: ignore[arg-type]

    def replies() -> None:
        for channel, moment, locale in cases:
            auto_reply(channel, moment, POLICY, locale=locale)

    def deadlines() -> None:
        for contact in contacts:
            response_deadline(contact, POLICY)

    def additions() -> None:
        for moment in received:
            add_business_time(hours, moment, timedelta(hours=8))

    replies()  # warm: the indexes and the caches of words, as in a running service
    if args.profile:
        profiler = cProfile.Profile()
        profiler.runcall(replies)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        return 0
    per_reply = 1e6 / rate(replies, len(cases), repeat=3)
    per_deadline = 1e6 / rate(deadlines, len(cases), repeat=3)
    per_addition = 1e6 / rate(additions, len(cases), repeat=3)
    print(f"{len(cases):,} messages (e-mail and live chat, nl and en), {POLICY.name!r}")
    print(f"auto_reply          {per_reply:8.1f} us/reply   ({per_reply / per_addition:.0f}x add)")
    print(f"response_deadline   {per_deadline:8.1f} us/contact")
    print(f"add_business_time   {per_addition:8.2f} us/call")
    verdict = "met" if per_reply <= TARGET_US else f"not met, {per_reply / TARGET_US:.1f}x it"
    print(f"target: auto_reply at most {TARGET_US:.0f} us ({verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
