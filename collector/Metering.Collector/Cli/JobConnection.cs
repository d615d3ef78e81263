using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Metering.Collector.Api;
using Metering.Collector.Host;

namespace Metering.Collector.Cli;

/// <summary>
/// The options of <c>metering job</c> and <c>metering run</c> that say which collector to call and how: --url (else
/// METERING_URL, else Http:Url of the settings), --token (else METERING_TOKEN, else Jobs:Token, else the api-token
/// file in the data directory), --ca-file (else METERING_CA_FILE: the roots an https collector is checked against),
/// --config and --data (the settings, read as every command reads them), --timeout-s.
/// Also the command's exit codes.
/// </summary>
internal sealed class JobConnection
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Bad arguments (also System.CommandLine's parse errors, see MeteringCli).</summary>
    public const int BadArguments = 2;

    /// <summary>No answer from the collector within --timeout-s.</summary>
    public const int Unreachable = 3;

    /// <summary>The collector answered with an error; its reason is printed.</summary>
    public const int Refused = 4;

    private readonly Option<string?> _url = new("--url")
    {
        Description = "The collector's HTTP API (default: $METERING_URL, else Http:Url of the settings, as `metering serve` listens: http://127.0.0.1:8080).",
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = "The job API token (default: $METERING_TOKEN, else Jobs:Token, else the api-token file in the data directory). Prefer the environment: arguments show in ps.",
    };

    private readonly Option<string?> _caFile = new("--ca-file")
    {
        Description = "For an https collector: a PEM file of the certificates to trust (its own certificate, or the site's CA) instead of the system's store (default: $METERING_CA_FILE).",
    };

    private readonly SettingsArguments _settings = new();
    private readonly Option<double> _timeout = new("--timeout-s")
    {
        Description = "Give up after this many seconds in all, retries included (default 10): a Slurm Prolog must not hang.",
        DefaultValueFactory = _ => 10,
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public JobConnection AddTo(Command command)
    {
        command.Options.Add(_url);
        command.Options.Add(_token);
        command.Options.Add(_caFile);
        _settings.AddTo(command);
        command.Options.Add(_timeout);
        return this;
    }

    /// <summary>A client as the options say, or an error message (exit code 2).</summary>
    public (JobApiClient? Client, string? Error) Connect(ParseResult p)
    {
        var (settings, errors) = _settings.Read(p);
        if (settings is null)
        {
            return (null, string.Join("; ", errors));
        }

        var url = p.GetValue(_url) ?? NonEmpty(Environment.GetEnvironmentVariable("METERING_URL")) ?? Callable(settings.Http.Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"--url / METERING_URL must be an http(s) URL, got '{url}'");
        }

        var seconds = p.GetValue(_timeout);
        if (!double.IsFinite(seconds) || seconds is <= 0 or > 3600)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"--timeout-s must be more than 0 and at most 3600, got {seconds}"));
        }

        string? token;
        try
        {
            token = p.GetValue(_token) ?? NonEmpty(Environment.GetEnvironmentVariable("METERING_TOKEN")) ?? NonEmpty(settings.Jobs.Token) ?? TokenFile(settings.Paths.ApiToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read the job API token: {e.Message}");
        }

        X509Certificate2Collection? roots = null;
        if ((p.GetValue(_caFile) ?? NonEmpty(Environment.GetEnvironmentVariable("METERING_CA_FILE"))) is { } caFile)
        {
            try
            {
                roots = [];
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
            {
                return (null, $"--ca-file / METERING_CA_FILE {caFile}: not a readable PEM file of certificates ({e.Message})");
            }

            if (roots.Count == 0)
            {
                return (null, $"--ca-file / METERING_CA_FILE {caFile}: holds no PEM certificate");
            }
        }

        return (new JobApiClient(uri, token, TimeSpan.FromSeconds(seconds), roots), null);
    }

    /// <summary>Prints why a call failed and returns its exit code (3 unreachable, 4 refused).</summary>
    public static int Failed(JobApiResponse response)
    {
        Console.Error.WriteLine("error: " + response.Message);
        if (response.Status == 401)
        {
            Console.Error.WriteLine("  give the collector's token with METERING_TOKEN or --token, or run where --data holds its api-token file");
        }

        return response.Outcome == JobApiOutcome.Unreachable ? Unreachable : Refused;
    }

    private static string? TokenFile(string path) => File.Exists(path) ? ApiToken.Read(path) : null;

    /// <summary>A URL to call the API that <paramref name="listenUrl"/> serves: a wildcard host (0.0.0.0, [::], *, +) is called on loopback.</summary>
    private static string Callable(string listenUrl)
    {
        if (!Uri.TryCreate(listenUrl.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return listenUrl;
        }

        return uri.Host is "0.0.0.0" or "[::]" or "::" ? new UriBuilder(uri) { Host = "127.0.0.1" }.Uri.ToString().TrimEnd('/') : listenUrl;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
