using System.Text.RegularExpressions;

namespace PeroCore.Agent.Terminal;

/// <summary>
/// Judges a command (an executable and its argument list) before anyone is asked to confirm it. Destructive and
/// escaping patterns are blocked outright: wiping or formatting disks, writing to devices, fork bombs, piping a download
/// into a shell, shutting the machine down, opening permissions on the root, touching system folders, and any argument
/// that climbs out with <c>..</c>. Shells and interpreters given code to run are judged on that code too.
/// </summary>
public static partial class TerminalAuditor
{
    private static readonly HashSet<string> DeniedVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "mkfs", "mkswap", "fdisk", "sfdisk", "parted", "wipefs", "shred", "format", "diskpart",
        "shutdown", "reboot", "halt", "poweroff", "init", "telinit", "systemctl", "kill", "killall", "pkill",
        "sudo", "su", "doas", "passwd", "chpasswd", "useradd", "userdel", "usermod", "visudo", "crontab", "mount", "umount",
        "insmod", "rmmod", "modprobe", "iptables", "nft",
    };

    private static readonly HashSet<string> Shells = new(StringComparer.OrdinalIgnoreCase)
    {
        "sh", "bash", "zsh", "dash", "ksh", "fish", "csh", "tcsh", "busybox", "env", "xargs", "nohup", "setsid", "timeout", "nice", "exec",
        "powershell", "pwsh", "cmd",
    };

    private static readonly HashSet<string> WarnVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "rm", "rmdir", "del", "rd", "mv", "cp", "dd", "chmod", "chown", "curl", "wget", "python", "python3", "node", "perl", "ruby", "php",
        "ping", "ssh", "scp", "sftp", "ftp", "nc", "ncat", "telnet", "rsync",
        "npm", "npx", "pip", "pip3", "cargo", "yarn", "pnpm", "gem", "go", "apt", "apt-get", "dotnet", "git",
    };

    private static readonly HashSet<string> SafeVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "ls", "dir", "echo", "printf", "cat", "head", "tail", "wc", "pwd", "whoami", "date", "uname", "grep", "find", "sort", "uniq", "true", "false",
    };

    /// <summary>Judges <paramref name="verb"/> run with <paramref name="arguments"/>.</summary>
    public static TerminalVerdict Audit(string verb, IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(verb);
        ArgumentNullException.ThrowIfNull(arguments);
        var name = Path.GetFileName(verb.Trim());
        if (name.Length == 0)
        {
            return new(TerminalRisk.Block, "empty command");
        }

        var text = string.Join(' ', [verb, .. arguments]);
        var baseName = name.Split('.')[0];
        if (DeniedVerbs.Contains(name) || DeniedVerbs.Contains(baseName) || name.StartsWith("mkfs", StringComparison.OrdinalIgnoreCase))
        {
            return new(TerminalRisk.Block, $"'{name}' is on the deny list");
        }

        if (ForkBomb().IsMatch(text))
        {
            return new(TerminalRisk.Block, "fork bomb");
        }

        if (DownloadIntoShell().IsMatch(text))
        {
            return new(TerminalRisk.Block, "piping a download into a shell");
        }

        if (DeviceWrite().IsMatch(text))
        {
            return new(TerminalRisk.Block, "writing to a device");
        }

        if (SensitivePath().Match(text) is { Success: true } sensitive)
        {
            return new(TerminalRisk.Block, $"touches a system path ({sensitive.Value.Trim()})");
        }

        if (arguments.Any(a => ParentFolder().IsMatch(a)))
        {
            return new(TerminalRisk.Block, "climbs out of the folder with '..'");
        }

        var flags = arguments.Where(a => a.StartsWith('-')).ToList();
        var recursive = flags.Any(f => f is "-r" or "-R" or "--recursive" || (!f.StartsWith("--", StringComparison.Ordinal) && f.Contains('r', StringComparison.OrdinalIgnoreCase)));
        if (baseName is "rm" or "del" or "rmdir" or "rd" && recursive && arguments.Any(a => a is "/" or "/*" or "*" or "." or "~" or "~/" || a.StartsWith('/') || a.StartsWith('~')))
        {
            return new(TerminalRisk.Block, "recursive delete of a root, home or wildcard");
        }

        if (baseName is "chmod" or "chown" or "chgrp" && arguments.Any(a => a is "/" || a.StartsWith('/') || a.StartsWith('~')))
        {
            return new(TerminalRisk.Block, "changes permissions outside the workspace");
        }

        if (Shells.Contains(name) || Shells.Contains(baseName))
        {
            return new(TerminalRisk.Warn, "runs a shell or wraps another command");
        }

        return WarnVerbs.Contains(baseName) ? new(TerminalRisk.Warn, $"'{name}' can delete, download or run code")
            : SafeVerbs.Contains(baseName) ? new(TerminalRisk.Safe, "reads or prints")
            : new(TerminalRisk.Notice, "unknown program");
    }

    [GeneratedRegex(@":\s*\(\s*\)\s*\{.*:\s*\|\s*:")]
    private static partial Regex ForkBomb();

    [GeneratedRegex(@"(?i)\b(curl|wget|fetch)\b.*\|\s*(sudo\s+)?(sh|bash|zsh|dash|python3?|perl|ruby|node)\b")]
    private static partial Regex DownloadIntoShell();

    [GeneratedRegex(@"(?i)(\bof=/dev/|>\s*/dev/(sd|hd|nvme|mmcblk|vd|xvd|disk|mem|kmem)|/dev/(sd|hd|nvme|mmcblk|vd|xvd)[a-z0-9]*\b)")]
    private static partial Regex DeviceWrite();

    [GeneratedRegex(@"(?i)(^|[\s=""'])(/etc\b|/root\b|/boot\b|/var\b|/usr\b|/bin\b|/sbin\b|/lib\b|/proc/sys\b|/sys\b|c:\\windows|\\system32)")]
    private static partial Regex SensitivePath();

    [GeneratedRegex(@"(^|[\\/])\.\.([\\/]|$)")]
    private static partial Regex ParentFolder();
}
