namespace CareOps.Web.Features.Visits;

/// <summary>Where evidence files (photos, audio) live: never in the database, which keeps only their key and hash.</summary>
public interface IEvidenceStore
{
    /// <summary>Stores the content under a new key and returns it; the content is complete under the key or absent.</summary>
    Task<string> SaveAsync(Guid agencyId, Guid visitId, Guid evidenceId, string extension, Stream content, CancellationToken ct);

    /// <summary>The content of a key, or null when it is missing.</summary>
    Stream? OpenRead(string key);

    /// <summary>Removes a key's content (a stored file whose database row could not be written).</summary>
    void Delete(string key);
}

/// <summary>Where <see cref="LocalEvidenceStore"/> keeps files (setting <c>Evidence:Root</c>).</summary>
public sealed class EvidenceSettings
{
    public const string Section = "Evidence";

    /// <summary>A folder; relative paths are under the app's content root. Several nodes need a shared folder (or another store).</summary>
    public string Root { get; set; } = "App_Data/evidence";
}

/// <summary>The default store: a local (or mounted, shared) folder, one file per evidence, written to a temporary name first.</summary>
public sealed class LocalEvidenceStore(string root) : IEvidenceStore
{
    public string Root { get; } = Path.GetFullPath(root);

    public async Task<string> SaveAsync(Guid agencyId, Guid visitId, Guid evidenceId, string extension, Stream content, CancellationToken ct)
    {
        var key = $"{agencyId:N}/{visitId:N}/{evidenceId:N}{extension}";
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".part-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
            }

            // A rename is atomic: a reader sees the whole file or none, even if the process dies mid-write.
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }

        return key;
    }

    public Stream? OpenRead(string key)
    {
        var path = PathOf(key);
        return File.Exists(path) ? new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true) : null;
    }

    public void Delete(string key) => File.Delete(PathOf(key));

    private string PathOf(string key)
    {
        // Keys are made here from Guids, but a key read back from the database is still never allowed out of the root.
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException("An evidence key points outside the evidence folder.");
    }
}
