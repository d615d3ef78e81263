namespace Metering.Collector.Storage;

/// <summary>Checks shared by the HTTP sinks' settings.</summary>
internal static class SinkUrls
{
    /// <summary>Adds an error naming <paramref name="setting"/> unless <paramref name="url"/> is an absolute http(s) URL.</summary>
    public static void CheckUrl(string? url, string setting, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            errors.Add($"{setting} is required");
        }
        else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{setting} must be an absolute http:// or https:// URL; it is \"{url}\"");
        }
    }

    /// <summary>The URL with exactly one trailing slash, so relative paths append to it.</summary>
    public static Uri BaseUri(string url) => new(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
}
