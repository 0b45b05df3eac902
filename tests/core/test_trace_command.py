"""``visualizer trace``: real scripts in a child Python, checked from the JSON they leave."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.support.chrome_check import check_chrome_trace
from tests.support.interpreters import interpreters
from tests.support.mounts import tmpfs


def trace(
    tmp_path: Path, source: str, *args: str, stdin: str = "", options: tuple[str, ...] = ()
) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(source), encoding="utf-8")
    out = tmp_path / "trace.json"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "visualizer",
            "trace",
            "--json",
            str(out),
            *options,
            str(script),
            *args,
        ],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    data = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    return result, data


def of_kind(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e for e in data["events"] if e["kind"] == kind]


def lifetime(data: dict[str, Any], task: str) -> tuple[float, float]:
    times = [e["t"] for e in data["events"] if e["task"] == task]
    return min(times), max(times)


def task_of(data: dict[str, Any], coro: str) -> list[str]:
    return [e["task"] for e in of_kind(data, "created") if e["coro"] == coro]


GATHER = """
    import asyncio

    async def job(delay):
        await asyncio.sleep(delay)
        return delay

    async def main():
        print(await asyncio.gather(job(0.1), job(0.2), job(0.3)))

    asyncio.run(main())
"""


def test_gather_of_sleeps_ends_after_the_longest_with_three_overlapping(tmp_path: Path) -> None:
    result, data = trace(tmp_path, GATHER)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[0.1, 0.2, 0.3]\n"
    assert data["version"] == 1
    (main,) = task_of(data, "main")
    start, end = lifetime(data, main)
    assert 0.29 <= end - start < 0.6
    jobs = [lifetime(data, t) for t in task_of(data, "job")]
    assert len(jobs) == 3
    latest_start = max(s for s, _ in jobs)
    assert all(latest_start < e for _, e in jobs)  # all three alive at once
    sleeps = of_kind(data, "suspended")
    delays = sorted(e["waits_on"]["delay"] for e in sleeps if e["waits_on"]["kind"] == "sleep")
    assert delays == [0.1, 0.2, 0.3]
    for event in sleeps:
        assert event["stack"][0]["func"] in ("main", "job")
        assert {"func", "file", "line"} <= set(event["stack"][0])
    gather = next(e for e in sleeps if e["task"] == main)
    assert gather["waits_on"]["kind"] == "gather"
    assert sorted(gather["waits_on"]["targets"]) == sorted(task_of(data, "job"))
    assert {e["parent"] for e in of_kind(data, "created") if e["coro"] == "job"} == {main}
    assert {e["name"] for e in of_kind(data, "started")} >= {"Task-1"}


def test_to_thread_overlaps_asyncio_sleep(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio, time

        async def main():
            await asyncio.gather(asyncio.to_thread(time.sleep, 0.2), asyncio.sleep(0.2))

        asyncio.run(main())
        """,
    )
    assert result.returncode == 0, result.stderr
    (start,) = of_kind(data, "thread_start")
    (end,) = of_kind(data, "thread_end")
    assert start["function"] == "sleep"
    sleep_task = next(e for e in of_kind(data, "suspended") if e["waits_on"]["kind"] == "sleep")[
        "task"
    ]
    s0, s1 = lifetime(data, sleep_task)
    assert max(start["t"], s0) + 0.1 < min(end["t"], s1)  # overlap of at least 0.1 s


def test_taskgroup_cancelled_task_and_timeout_are_recorded(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio

        async def slow():
            await asyncio.sleep(10)

        async def fail():
            await asyncio.sleep(0.05)
            raise ValueError("boom")

        async def main():
            try:
                async with asyncio.TaskGroup() as tg:
                    tg.create_task(slow(), name="slow")
                    tg.create_task(fail(), name="fail")
            except* ValueError:
                print("group failed")
            try:
                async with asyncio.timeout(0.05):
                    await asyncio.sleep(5)
            except TimeoutError:
                print("timed out")

        asyncio.run(main())
        """,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "group failed\ntimed out\n"
    (cancelled,) = [e for e in of_kind(data, "cancelled") if e["name"] == "slow"]
    assert cancelled["cause"] == "taskgroup"
    (error,) = of_kind(data, "error")
    assert error["name"] == "fail" and "boom" in error["exception"]
    (timeout,) = of_kind(data, "timeout")
    assert timeout["cause"] == "timeout"


def test_output_input_arguments_and_exit_status_pass_through(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio, sys

        async def main():
            line = sys.stdin.readline().strip()
            print("got", line, sys.argv[1:], __name__)
            print("to stderr", file=sys.stderr)

        if __name__ == "__main__":
            asyncio.run(main())
            sys.exit(3)
        """,
        "a",
        "--json",
        stdin="hello\n",
    )
    assert result.returncode == 3
    assert result.stdout == "got hello ['a', '--json'] __main__\n"
    assert result.stderr == "to stderr\n"
    assert data["status"] == 3


def test_pre_37_loop_form_runs(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio

        async def do_async(n):
            await asyncio.sleep(0.01)
            return n

        loop = asyncio.get_event_loop()
        print(loop.run_until_complete(asyncio.gather(do_async(1), do_async(2))))
        loop.close()
        """,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[1, 2]\n"
    assert len(task_of(data, "do_async")) == 2


def test_exception_shows_only_the_scripts_frames(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio

        async def main():
            raise KeyError("nope")

        asyncio.run(main())
        """,
    )
    assert result.returncode == 1
    assert "KeyError: 'nope'" in result.stderr
    assert 'script.py", line 5, in main' in result.stderr
    assert "script_runner" not in result.stderr and "runpy" not in result.stderr
    assert of_kind(data, "error")


def test_module_mode(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "mod.py").write_text(
        "import asyncio, sys\n"
        "async def main():\n    await asyncio.sleep(0.01)\n"
        "    print('module', __name__, sys.argv[1:])\n"
        "asyncio.run(main())\n"
    )
    out = tmp_path / "m.json"
    result = subprocess.run(
        [sys.executable, "-m", "visualizer", "trace", "--json", str(out), "-m", "pkg.mod", "x"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "module __main__ ['x']\n"
    data = json.loads(out.read_text())
    assert task_of(data, "main")


def test_endless_script_is_killed_by_the_timeout_and_its_trace_kept(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio

        async def spin():
            while True:
                await asyncio.sleep(0)

        asyncio.run(spin())
        """,
        options=("--timeout", "1"),
    )
    assert result.returncode == 124
    assert "timed out after 1 s" in result.stderr
    assert data["timed_out"] is True and data["events"]


def test_a_flood_of_tasks_is_cut_and_says_where(tmp_path: Path) -> None:
    result, data = trace(
        tmp_path,
        """
        import asyncio

        async def tiny():
            await asyncio.sleep(0)

        async def main():
            await asyncio.gather(*(tiny() for _ in range(20_000)))

        asyncio.run(main())
        """,
        options=("--max-events", "1000"),
    )
    assert result.returncode == 0
    assert len(data["events"]) == 1000
    assert data["cut"]["after"] == 1000 and data["dropped"] > 50_000
    assert data["cut"]["t"] == data["events"][-1]["t"]
    assert "recording stopped after 1,000 events" in result.stderr


def test_chrome_trace_follows_the_format(tmp_path: Path) -> None:
    chrome = tmp_path / "chrome.json"
    result, _ = trace(
        tmp_path,
        """
        import asyncio, time

        async def job(delay):
            await asyncio.sleep(delay)
            await asyncio.to_thread(time.sleep, 0.01)

        async def main():
            async with asyncio.TaskGroup() as tg:
                for i in range(5):
                    tg.create_task(job(0.01 * i), name=f"job-{i}")
            try:
                async with asyncio.timeout(0.02):
                    await asyncio.sleep(1)
            except TimeoutError:
                pass

        asyncio.run(main())
        """,
        options=("--chrome", str(chrome)),
    )
    assert result.returncode == 0, result.stderr
    trace_obj = json.loads(chrome.read_text())
    summary = check_chrome_trace(trace_obj)
    assert summary["X"] >= 10 and summary["b"] == summary["e"] >= 10
    assert summary["s"] == summary["f"] >= 10 and summary["C"] and summary["i"] >= 1
    names = {e["args"]["name"] for e in trace_obj["traceEvents"] if e["name"] == "thread_name"}
    assert {f"job-{i}" for i in range(5)} <= names


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ([], "give a script to run"),
        (["missing.py"], "no such script: missing.py"),
        (["--timeout", "0", "x.py"], "--timeout must be a positive number"),
        (["--python", "no-such-python", "x.py"], "no such interpreter: no-such-python"),
        (["--json", "/no/such/dir/out.json", "x.py"], "--json: cannot write in /no/such/dir"),
        (["--max-events", "0", "x.py"], "--max-events must be at least 1"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, args: list[str], fragment: str) -> None:
    (tmp_path / "x.py").write_text("print('never')\n")
    result = subprocess.run(
        [sys.executable, "-m", "visualizer", "trace", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and fragment in result.stderr
    assert result.stdout == ""


def test_another_interpreter_given_with_python(tmp_path: Path) -> None:
    """The newest other Python found (pyenv has 3.12/3.13 here), else this one by path."""
    found = interpreters()
    version, python = sorted(found.items())[-1]
    result, data = trace(
        tmp_path,
        "import asyncio, sys\nasyncio.run(asyncio.sleep(0.01))\nprint(sys.version[:4])\n",
        options=("--python", python),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(version)
    assert of_kind(data, "finished")


def test_a_trace_file_that_cannot_be_made_after_the_check_is_one_line_and_no_file(
    tmp_path: Path,
) -> None:
    """The child starts before the trace file is made (so the parent's imports overlap its
    start-up); a folder that passes the check but can take no new file (no inode left on a
    real tmpfs) must still end in one line and status 2, the child stopped, nothing left."""
    script = tmp_path / "script.py"
    script.write_text("import time\ntime.sleep(30)\n", encoding="utf-8")
    with tmpfs(tmp_path / "disk", "64k", inodes=2) as folder:
        (folder / "taken").write_bytes(b"")  # the last inode
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "visualizer",
                "trace",
                "--json",
                str(folder / "out.json"),
                str(script),
            ],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        )
        left = sorted(p.name for p in folder.iterdir())
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0], result.stderr
    assert left == ["taken"]


def test_a_disk_that_fills_up_mid_trace_is_one_line_and_no_file(tmp_path: Path) -> None:
    """The events are written while the script runs; a real 64 KB tmpfs fills up after a few
    batches. The script must run to its end (the pipe is still read), and the JSON and Chrome
    files must each be either whole or absent, with one line for each that failed."""
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(
            """
            import asyncio

            async def job(n):
                for _ in range(5):
                    await asyncio.sleep(0.001)

            async def main():
                await asyncio.gather(*(job(n) for n in range(500)))
                print("done")

            asyncio.run(main())
            """
        ),
        encoding="utf-8",
    )
    with tmpfs(tmp_path / "disk", "64k") as folder:
        files = ["--json", str(folder / "out.json"), "--chrome", str(folder / "out.chrome.json")]
        result = subprocess.run(
            [sys.executable, "-m", "visualizer", "trace", *files, str(script)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        left = sorted(p.name for p in folder.iterdir())
    assert result.returncode == 2, result.stderr
    assert result.stdout.strip() == "done"  # the script ran to its end
    lines = result.stderr.strip().splitlines()
    assert lines and all("cannot write" in line and "No space" in line for line in lines), lines
    assert len(lines) == 2, lines  # both files were too big for the disk
    assert left == [], left
