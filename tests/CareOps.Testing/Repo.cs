namespace CareOps.Testing;

/// <summary>The repository a test runs in, found from the test binary's folder (tests read docs, tools and the app's sources).</summary>
public static class Repo
{
    public static readonly string Root = Find();

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CareOps.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CareOps.sln above {AppContext.BaseDirectory}.");
    }
}
