using System.Net;
using Microsoft.Extensions.Options;

namespace PeroCore.Server.Configuration;

/// <summary>The rules of <see cref="ServerOptions"/> that span settings or items: the bind address and its key, the origins.</summary>
internal sealed class ServerOptionsRules : IValidateOptions<ServerOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!options.IsLoopback && !IPAddress.TryParse(options.Host, out _))
        {
            errors.Add(SettingsMessage.Format("Server:Host", "an IP address (such as 127.0.0.1 or 0.0.0.0) or localhost", options.Host));
        }
        else if (!options.IsLoopback && options.ApiKey is null)
        {
            errors.Add(SettingsMessage.Format("Server:ApiKey",
                $"set when Server:Host is not a loopback address (Host is '{options.Host}'): anyone on the network could read and change your memories", null));
        }

        if (options.DataDirectory.IndexOfAny(Path.GetInvalidPathChars()) >= 0 || string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add(SettingsMessage.Format("Server:DataDirectory", "a valid folder path", options.DataDirectory));
        }

        foreach (var origin in options.AllowedOrigins.Items)
        {
            if (origin == "*")
            {
                errors.Add(SettingsMessage.Format("Server:AllowedOrigins",
                    "a list of origins such as http://localhost:5173 ('*' would let every web page you visit use the server)", origin));
            }
            else if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) ||
                     (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != "chrome-extension" && uri.Scheme != "moz-extension") ||
                     uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
            {
                errors.Add(SettingsMessage.Format("Server:AllowedOrigins",
                    "a list of origins, each scheme://host[:port] with no path, such as http://localhost:5173 or chrome-extension://<extension id>", origin));
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
