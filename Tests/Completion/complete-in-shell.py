"""Completes command lines in a real interactive bash, fish or zsh, as a user pressing TAB would.

Usage: complete-in-shell.py bash|fish|zsh SCRIPT LINE...

The shell runs on a pseudo-terminal with SCRIPT (mmio's generated completion script) loaded.
For each LINE it types the line and TAB, then Ctrl-A and `echo '<<<'` and Enter: the shell
handles keys in order, so the echo runs once the completion is done, and prints the buffer as
completion left it. Prints a JSON list: for each line, the buffer and what the shell displayed
between the TAB and the echo (the candidate list, when there are several).
"""
import json
import os
import pty
import re
import select
import shutil
import sys
import tempfile
import time

MARK = "<<<"


class Terminal:
    """What the shell writes, read up to a pattern at a time; what follows a match is kept."""

    def __init__(self, fd):
        self.fd = fd
        self.pending = b""

    def until(self, pattern, limit):
        """What was written up to and including pattern's first match, and the match."""
        end = time.time() + limit
        while True:
            match = re.search(pattern, self.pending)
            if match:
                out, self.pending = self.pending[:match.end()], self.pending[match.end():]
                return out, match
            if time.time() > end:
                sys.exit(f"complete-in-shell: no {pattern!r} within {limit}s; the shell showed: {self.pending!r}")
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    sys.exit(f"complete-in-shell: the shell ended; it showed: {self.pending!r}")
                self.pending += chunk


def main():
    shell, script, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
    home = tempfile.mkdtemp(prefix="mmio-shell-")
    env = dict(os.environ, HOME=home, TERM="dumb", XDG_CONFIG_HOME=home, XDG_DATA_HOME=home)
    if shell == "bash":
        # bash-completion, then the script, as /etc/bash.bashrc and a completions folder would.
        rc = os.path.join(home, "bashrc")
        with open(rc, "w") as out:
            out.write("PS1='READY> '\nsource /usr/share/bash-completion/bash_completion\n"
                      f"source '{script}'\n")
        argv = ["bash", "--noprofile", "--rcfile", rc, "-i"]
    elif shell == "fish":
        argv = ["fish", "--no-config", "-i", "-C",
                f"source '{script}'; function fish_prompt; echo 'READY> '; end"]
    else:
        # zsh's own start-up file, in a home of its own: the script on fpath as _mmio, compinit.
        functions = os.path.join(home, "functions")
        os.mkdir(functions)
        shutil.copy(script, os.path.join(functions, "_mmio"))
        with open(os.path.join(home, ".zshrc"), "w") as rc:
            rc.write(f"PROMPT='READY> '\nfpath=('{functions}' $fpath)\n"
                     "autoload -U compinit\ncompinit -u -D\n")
        env["ZDOTDIR"] = home
        argv = ["zsh", "-i"]
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(argv[0], argv, env)
    terminal = Terminal(fd)
    try:
        terminal.until(rb"READY> ", 10)
        results = []
        for line in lines:
            os.write(fd, line.encode() + b"\t")
            os.write(fd, b"\x01echo '" + MARK.encode() + b"'\r")
            out, match = terminal.until(rb"\n" + MARK.encode() + rb"([^\r\n]*)\r?\n", 20)
            buffer = match.group(1).decode()
            shown = out[:match.start()].decode(errors="replace")
            terminal.until(rb"READY> ", 10)
            results.append({"line": line, "buffer": buffer, "shown": shown})
        print(json.dumps(results))
    finally:
        os.write(fd, b"\x15exit\r")
        time.sleep(0.2)
        shutil.rmtree(home, ignore_errors=True)


main()
