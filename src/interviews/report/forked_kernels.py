"""Kernels forked from a process that has already imported what the chapters import.

Each chapter runs in a kernel of its own, as MyST-NB runs it, but starting Python, ipykernel,
pandas, matplotlib and the package takes 1.5 to 3 s of processor time per kernel, more than
most chapters need for their own work. Here the chapters' kernels are instead forked, by
the standard library's `multiprocessing` fork server, from one process that imported those
modules once (:data:`PRELOAD`); nothing else is shared: each kernel is a new process with a new
namespace, the chapter's folder as its working directory and the environment the kernel manager
gives it, and it ends when its chapter ends.

It plugs into Jupyter through its documented extension point: :class:`ForkedProvisioner` is a
kernel provisioner (registered in `pyproject.toml` under `jupyter_client.kernel_provisioners`),
and :class:`ForkedKernelManager` is a kernel manager whose kernel specifications name it, to be
given to nbclient. A kernel specification that does not start ipykernel is launched as usual.

The fork server lives as long as the process that started it, with the package's code as it was
then: run the chapters from a new process after editing the package (`python -m interviews
freshen` and `make` do).
"""

from __future__ import annotations

import functools
import json
import math
import multiprocessing
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning import LocalProvisioner
from traitlets import default

NAME = "interviews-forked"  # the provisioner's entry-point name

# What the chapters import (directly or through the package), imported once in the fork server.
# None of these modules reads the project's files when imported (a test checks it), so the
# record of what each chapter reads (interviews.report.preexecute) stays complete. Left out on
# purpose: matplotlib's inline backend, which hooks into the kernel's shell only if it is imported
# inside a kernel (pyplot imports it on the first figure), and scikit-learn (a second and a half
# that every build would wait for), which the chapters import only to fit a classifier that the
# machine's cache lacks (a test checks that the modules they use do not import it).
PRELOAD = (
    "ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "psutil",
    "numpy", "pandas", "matplotlib.pyplot", "PIL.Image", "wordcloud", "yaml", "ahocorasick",
    "scipy.sparse", "myst_nb",
    "interviews.report.chapter_data", "interviews.report.figures", "interviews.report.numbers",
    "interviews.report.plots", "interviews.report.render", "interviews.report.tables",
    "interviews.analysis.facts", "interviews.analysis.structure", "interviews.analysis.summaries",
    "interviews.coding._fast",
)

# ipykernel sets this before the kernel's code runs, unless the environment sets another;
# matplotlib reads it when imported, so the fork server must import it with the same.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def available() -> bool:
    """Whether kernels can be forked here (the fork server needs a POSIX system)."""
    return "forkserver" in multiprocessing.get_all_start_methods()


def _fork_context():
    """The fork-server context, preloading :data:`PRELOAD` (the server starts with the first kernel)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(PRELOAD))
    return context


# The fork server's environment while it imports :data:`PRELOAD`, where not set already: matplotlib's backend
# as ipykernel would set it (matplotlib reads it when imported), and no check by the debugger (imported for
# ipykernel's debugger, unused here) that prints a warning about Python's frozen modules.
SERVER_ENVIRONMENT = {"MPLBACKEND": INLINE_BACKEND, "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


@contextmanager
def _server_environment():
    """The environment the fork server starts in (:data:`SERVER_ENVIRONMENT`)."""
    unset = [name for name in SERVER_ENVIRONMENT if not os.environ.get(name)]
    os.environ.update({name: SERVER_ENVIRONMENT[name] for name in unset})
    try:
        yield
    finally:
        for name in unset:
            os.environ.pop(name, None)


def start_server() -> None:
    """Start the fork server now instead of with the first kernel, so that its imports (about two seconds)
    run while this process does other work; nothing happens when it is running already."""
    from multiprocessing import forkserver

    _fork_context()
    with _server_environment():
        forkserver.ensure_running()


def kernel_arguments(cmd: list[str]) -> list[str] | None:
    """The arguments after `-m ipykernel_launcher` in a kernel command, or None if it starts something else."""
    try:
        at = cmd.index("-m")
    except ValueError:
        return None
    if at + 1 >= len(cmd) or cmd[at + 1] != "ipykernel_launcher":
        return None
    return list(cmd[at + 2:])


def _kernel_main(arguments: list[str], cwd: str, env: dict[str, str], path: list[str]) -> None:
    """The forked process: become an ipykernel as `python -m ipykernel_launcher ARGUMENTS` in `cwd`."""
    import atexit

    os.setsid()  # its own process group, as jupyter_client starts kernels; signals go to it alone
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.path[:] = path  # as ipykernel_launcher leaves it; IPython then puts '' first
    if "pandas" in sys.modules:  # pandas shows up to 20 columns if imported in a kernel, else fits a terminal
        sys.modules["pandas"].set_option("display.max_columns", 20)
    import ipykernel_launcher
    from ipykernel import kernelapp

    sys.argv = [ipykernel_launcher.__file__, *arguments]
    # IPKernelApp reads JPY_PARENT_PID when its class is defined, which was in the server: say it again
    parent = [f"--IPKernelApp.parent_handle={env['JPY_PARENT_PID']}"] if env.get("JPY_PARENT_PID") else []
    try:
        kernelapp.launch_new_instance(argv=[*arguments, *parent])
    finally:
        atexit._run_exitfuncs()  # multiprocessing ends its children with os._exit


class _Forked:
    """A forked kernel behind the part of `subprocess.Popen`'s interface that LocalProvisioner uses."""

    stdin = stdout = stderr = None

    def __init__(self, process):
        self._process = process
        self.pid = process.pid

    def poll(self):
        return self._process.exitcode

    def wait(self, timeout=None):
        self._process.join(timeout)
        return self._process.exitcode

    def send_signal(self, signum):
        if self._process.exitcode is None:
            os.kill(self.pid, signum)

    def terminate(self):
        self._process.terminate()

    def kill(self):
        self._process.kill()


@functools.cache
def _kernel_path() -> tuple[str, ...]:
    """The module path of a new `python -m ipykernel_launcher` once the launcher has removed the entry
    its command put first, read off a new interpreter (this process's own path may have been changed)."""
    code = "import json, sys; print(json.dumps(sys.path[0 if sys.flags.safe_path else 1:]))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return tuple(json.loads(out.stdout))


class ForkedProvisioner(LocalProvisioner):
    """Launch an ipykernel by forking the preloaded server; anything else as LocalProvisioner does."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        arguments = kernel_arguments(cmd)
        if arguments is None or not available():
            return await super().launch_kernel(cmd, **kwargs)
        cwd = os.path.abspath(kwargs.get("cwd") or os.getcwd())
        env = dict(kwargs.get("env") or os.environ)
        if not kwargs.get("independent"):  # as jupyter_client's launcher: the kernel watches its client
            env["JPY_PARENT_PID"] = str(os.getpid())
        context = _fork_context()
        process = context.Process(target=_kernel_main, args=(arguments, cwd, env, list(_kernel_path())),
                                  name="kernel")
        with _server_environment():
            process.start()
        self.process = _Forked(process)
        self.pid = process.pid
        self.pgid = process.pid  # the group the child makes at once; until it has, signals go to it alone
        self.cwd = cwd
        return self.connection_info


class ForkedKernelSpecs(KernelSpecManager):
    """The installed kernel specifications, each naming :class:`ForkedProvisioner`."""

    def get_kernel_spec(self, kernel_name):
        spec = super().get_kernel_spec(kernel_name)
        spec.metadata = {**spec.metadata, "kernel_provisioner": {"provisioner_name": NAME}}
        return spec


class ReadyClient(AsyncKernelClient):
    """A kernel client whose wait for a new kernel ends as soon as the kernel has answered a
    `kernel_info` request and reported itself idle after it on IOPub.

    jupyter_client's wait ends only after 0.2 s without an IOPub message, time that every
    chapter would spend idle. As there, a request is sent again when its idle report does not
    come (IOPub not connected yet), here after 0.05 s."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (math.inf if timeout is None else timeout)
        while True:
            request = self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply" and await self._idle_after(request):
                self._handle_kernel_info_reply(reply)
                return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")

    async def _idle_after(self, request: str, wait: float = 0.05) -> bool:
        """Whether IOPub reports the kernel idle after `request`, with at most `wait` seconds between messages."""
        while True:
            try:
                msg = await self.iopub_channel.get_msg(timeout=wait)
            except Empty:
                return False
            if (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == request
                    and msg["content"].get("execution_state") == "idle"):
                return True


class ForkedKernelManager(AsyncKernelManager):
    """A kernel manager (for nbclient's `kernel_manager_class`) whose kernels are forked, whose clients
    are :class:`ReadyClient`, and which sees that a kernel has ended within 0.01 s (jupyter_client
    looks every 0.1 s)."""

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self):
        return ForkedKernelSpecs(data_dir=self.data_dir)

    @default("client_factory")
    def _client_factory_default(self):
        return ReadyClient

    async def _async_wait(self, pollinterval: float = 0.1) -> None:
        await super()._async_wait(min(pollinterval, 0.01))
