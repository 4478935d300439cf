"""Kernels forked from a preloaded process (`interviews.report.forked_kernels`): the same outputs as a
kernel started afresh, and the same life cycle."""

import asyncio
import json
import os
import subprocess
import sys
import textwrap
import time
from queue import Empty

import nbformat
import pytest
from nbclient import NotebookClient

from interviews import paths
from interviews.report import forked_kernels

pytestmark = pytest.mark.skipif(not forked_kernels.available(), reason="no fork server on this system")


def test_kernel_arguments_are_read_off_an_ipykernel_command_only():
    cmd = ["python", "-Xfrozen_modules=off", "-m", "ipykernel_launcher", "--IPKernelApp.log_level=ERROR",
           "-f", "c.json"]
    assert forked_kernels.kernel_arguments(cmd) == ["--IPKernelApp.log_level=ERROR", "-f", "c.json"]
    assert forked_kernels.kernel_arguments(["R", "--slave", "-f", "c.json"]) is None
    assert forked_kernels.kernel_arguments(["python", "-m", "other_kernel", "-f", "c.json"]) is None
    assert forked_kernels.kernel_arguments(["python", "-m"]) is None


def test_the_preloaded_modules_read_no_project_file_start_no_thread_and_leave_the_inline_backend_out():
    """What the server imports must not read the project's files outside the package (the record of
    what each chapter reads would miss it), must leave one thread (forking a threaded process is unsafe),
    and must not import matplotlib's inline backend, which hooks into a kernel only when imported in one."""
    root = str(paths.project_root())
    script = textwrap.dedent(f"""
        import json, os, sys, threading
        root, src = {root!r} + os.sep, os.path.join({root!r}, "src") + os.sep
        reads = []
        def hook(event, args):
            if event == "open" and isinstance(args[0], (str, bytes)):
                path = os.path.abspath(os.fsdecode(args[0]))
                if path.startswith(root) and not path.startswith((src, sys.prefix + os.sep)):
                    reads.append(path)
        sys.addaudithook(hook)
        from interviews.report.forked_kernels import PRELOAD
        for name in PRELOAD:
            __import__(name)
        print(json.dumps({{"reads": reads, "threads": threading.active_count(),
                          "inline": "matplotlib_inline.backend_inline" in sys.modules, "n": len(PRELOAD)}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=paths.project_root())
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert report["n"] > 10
    assert report["reads"] == []
    assert report["threads"] == 1
    assert report["inline"] is False


PROBE = [
    "import os, sys\nos.path.basename(os.getcwd()), sys.path[0], os.path.basename(sys.argv[0])",
    "'JPY_PARENT_PID' in os.environ, os.environ.get('INTERVIEWS_PROBE')",
    "import pandas as pd\npd.DataFrame({f'column {i}': [i * 1000] * 3 for i in range(14)})",
    "import matplotlib\nmatplotlib.get_backend()",
    "import matplotlib.pyplot as plt\nfig, ax = plt.subplots(figsize=(2, 1))\nax.plot([1, 2, 3]);",
    "len(plt.get_fignums())",
    "x = 41\nx + 1",
]


def probe(tmp_path, manager=None):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code) for code in PROBE])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    options = {} if manager is None else {"kernel_manager_class": manager}
    NotebookClient(notebook, timeout=60, resources={"metadata": {"path": str(tmp_path)}}, **options).execute()
    return [cell.outputs for cell in notebook.cells]


def test_a_forked_kernel_gives_the_outputs_of_a_kernel_started_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEWS_PROBE", "seen")
    (tmp_path / "chapter").mkdir()
    forked = probe(tmp_path / "chapter", forked_kernels.ForkedKernelManager)
    fresh = probe(tmp_path / "chapter")
    assert forked == fresh
    text = [o[0]["data"]["text/plain"] if o and "data" in o[0] else None for o in forked]
    assert text[0].startswith("('chapter',") and text[0].endswith("'ipykernel_launcher.py')"), \
        "its folder and its argv (and, compared above, its module path)"
    assert text[1] == "(True, 'seen')", "the environment the kernel manager gives it"
    assert "column 13" in text[2] and "..." not in text[2], "pandas shows 20 columns, as in any kernel"
    assert text[3] == "'module://matplotlib_inline.backend_inline'"
    assert any("image/png" in o.get("data", {}) for o in forked[4]), "a figure is drawn at the end of its cell"
    assert text[5] == "0", "and closed, as the inline backend does"
    assert text[6] == "42"


def test_a_forked_kernel_is_interrupted_killed_and_gone(tmp_path):
    async def session():
        manager = forked_kernels.ForkedKernelManager(kernel_name="python3")
        await manager.start_kernel(cwd=str(tmp_path))
        pid = manager.provisioner.pid
        client = manager.client()
        client.start_channels()
        await client.wait_for_ready(timeout=30)
        msg_id = client.execute("import time\ntime.sleep(60)")
        await asyncio.sleep(1)
        await manager.interrupt_kernel()
        reply = await client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = await client.get_shell_msg(timeout=30)
        assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
        assert await manager.is_alive()
        client.stop_channels()
        await manager.shutdown_kernel(now=True)
        assert not await manager.is_alive()
        return pid

    pid = asyncio.run(session())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the kernel's process {pid} is still there")


def test_start_server_starts_the_preloading_server_before_any_kernel():
    code = textwrap.dedent("""
        import os, sys
        from multiprocessing import forkserver
        from interviews.report import forked_kernels
        forked_kernels.start_server()
        first = forkserver._forkserver._forkserver_pid
        forked_kernels.start_server()
        assert forkserver._forkserver._forkserver_pid == first, "started once"
        os.kill(first, 0)  # running
        print(forkserver._forkserver._preload_modules == list(forked_kernels.PRELOAD),
              [os.environ.get(name) for name in forked_kernels.SERVER_ENVIRONMENT])
    """)
    env = {k: v for k, v in os.environ.items() if k not in forked_kernels.SERVER_ENVIRONMENT}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "True [None, None]\n", "the preload list given; the environment set for the server only"
    assert result.stderr == "", "the server's imports print nothing (the debugger's check of frozen modules)"


class Channel:
    """A client's channel that holds a list of messages (Empty when none is left)."""

    def __init__(self, messages):
        self.messages = list(messages)

    async def get_msg(self, timeout=None):
        if not self.messages:
            raise Empty
        return self.messages.pop(0)


def _message(kind, request, state=None):
    return {"msg_type": kind, "parent_header": {"msg_id": request},
            "content": {"execution_state": state} if state else {"protocol_version": "5.3"}}


def _client(answers, alive=True):
    """A client whose n-th kernel_info request ('r<n>') is answered with `answers(n)`: the messages that
    then arrive on the shell and IOPub channels."""
    client = forked_kernels.ReadyClient()
    client._shell_channel, client._iopub_channel = Channel([]), Channel([])
    sent, handled = [], []

    def kernel_info():
        sent.append(f"r{len(sent) + 1}")
        shell, iopub = answers(len(sent))
        client._shell_channel.messages += shell
        client._iopub_channel.messages += iopub
        return sent[-1]

    async def is_alive():
        return alive

    client.kernel_info, client.is_alive, client._handle_kernel_info_reply = kernel_info, is_alive, handled.append
    return client, sent, handled


def test_a_client_is_ready_when_the_kernel_reports_idle_after_its_request_and_asks_again_until_then():
    def answers(n):
        if n == 1:  # IOPub not connected yet: the reply comes, the status reports are lost
            return [_message("kernel_info_reply", "r1")], []
        return [_message("kernel_info_reply", "r2")], [
            _message("status", "r2", "busy"), _message("status", "r1", "idle"), _message("status", "r2", "idle"),
            _message("stream", "later")]

    client, sent, handled = _client(answers)
    asyncio.run(client.wait_for_ready(timeout=5))
    assert sent == ["r1", "r2"], "asked again when no idle report came"
    assert handled == [_message("kernel_info_reply", "r2")], "the reply to the request the kernel reported idle after"
    assert client._iopub_channel.messages == [_message("stream", "later")], "what follows is left for the cells"


def test_a_client_says_when_the_kernel_died_or_did_not_answer():
    client, _, _ = _client(lambda n: ([], []), alive=False)
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(client.wait_for_ready(timeout=5))
    client, sent, _ = _client(lambda n: ([], []))
    with pytest.raises(RuntimeError, match="respond in 0 seconds"):
        asyncio.run(client.wait_for_ready(timeout=0))
    assert sent == ["r1"]


def test_the_chapters_modules_and_a_machine_summary_do_without_scikit_learn():
    code = textwrap.dedent("""
        import sys
        import pandas as pd
        from interviews.report import chapter_data, figures, numbers, plots, render, tables
        from interviews.analysis import summaries
        text = "Volunteers came to help the community. " * 3 + "Funding from donors was steady all year long."
        frame = pd.DataFrame({"paragraph": [f"x:p{i:02d}" for i in range(8)], "text": [text] * 8})
        assert len(summaries.central_sentences(frame, k=2)) == 2
        print(sorted(m for m in sys.modules if m.split(".")[0] == "sklearn"))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n", "scikit-learn is not preloaded, so the chapters must not need it"
