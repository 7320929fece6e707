using MisuseLab.Learning;

namespace MisuseLab.Study.Adult;

/// <summary>Fetches the Adult files from the UCI repository, verifying each SHA-256 before it replaces anything.</summary>
public static class AdultDownloader
{
    public static readonly Uri UciBaseUri = new("https://archive.ics.uci.edu/ml/machine-learning-databases/adult/");

    public static void Download(string directory)
    {
        Directory.CreateDirectory(directory);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        foreach (var (name, expectedHash) in AdultChecksums.Expected)
        {
            var target = Path.Combine(directory, name);
            if (File.Exists(target) && AdultChecksums.Hash(target) == expectedHash) continue;
            var uri = new Uri(UciBaseUri, name);
            // Written beside the target and moved only once verified, so an interrupted or altered download never
            // leaves a file that looks complete.
            var partial = target + ".download";
            try
            {
                using (var response = http.Send(new HttpRequestMessage(HttpMethod.Get, uri), HttpCompletionOption.ResponseHeadersRead))
                {
                    response.EnsureSuccessStatusCode();
                    using var body = response.Content.ReadAsStream();
                    using var file = File.Create(partial);
                    body.CopyTo(file);
                }
                AdultChecksums.VerifyFile(partial, expectedHash);
                File.Move(partial, target, overwrite: true);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                File.Delete(partial);
                throw new DataFormatException(
                    $"Expected to download {uri} into '{directory}' (no local copy of the Adult data was found); the download failed: {e.Message} " +
                    $"Copy adult.data, adult.test and adult.names there by hand, or pass --data-dir / set {AdultDataLocator.EnvironmentVariable}.", e);
            }
            catch (DataFormatException)
            {
                File.Delete(partial);
                throw;
            }
        }
    }
}
