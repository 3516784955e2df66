using System.Net;
using System.Text.RegularExpressions;
using CareOps.Data;
using CareOps.Data.Seeding;
using CareOps.Data.Tenancy;
using CareOps.Web.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CareOps.Web.Tests.Infrastructure;

/// <summary>
/// The real app over HTTP (Bitwarden's integration-test style): Development environment, its own SQLite
/// file seeded with the demo archipelago, and intent methods so tests read as what a user does.
/// </summary>
public partial class CareOpsApp : WebApplicationFactory<Program>
{
    /// <summary>
    /// The day every web test lives on: Tuesday 24 November 2026, 10:00 in Zhoushan (02:00 UTC). The demo archipelago
    /// is seeded relative to it and the app's "today" is read from it, so counts never depend on the machine's date.
    /// </summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 24, 2, 0, 0, TimeSpan.Zero);

    /// <summary><see cref="Now"/> as the agency's civil date.</summary>
    public static readonly DateOnly Today = new(2026, 11, 24);

    private readonly string databasePath = Path.Combine(Path.GetTempPath(), $"careops-web-{Guid.NewGuid():N}.db");

    /// <summary>Where this app's evidence files go (removed with the app).</summary>
    public string EvidenceRoot { get; } = Path.Combine(Path.GetTempPath(), $"careops-evidence-{Guid.NewGuid():N}");

    /// <summary>The app's clock: tests may advance it (e.g. past a cookie's lifetime), never read the machine's.</summary>
    public FakeTimeProvider Clock { get; } = new(Now);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:CareOps", $"Data Source={databasePath}");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("Evidence:Root", EvidenceRoot);
        builder.UseSetting("Demo:Enabled", "true");
        builder.UseSetting("Demo:History", "false"); // the history has its own tests (DemoHistoryTests)

        // No job servers: tests run the job classes themselves (RosterRunner) and need no polling threads.
        builder.UseSetting("Jobs:Server", "false");
        foreach (var (key, value) in ExtraSettings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
    }

    /// <summary>Settings a derived app adds (e.g. Stripe keys).</summary>
    protected virtual IEnumerable<(string Key, string Value)> ExtraSettings => [];

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> SignedInAsync(string email, string password = DemoArchipelago.DemoPassword)
    {
        var browser = Browser();
        var response = await SignInAsync(browser, email, password);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString.StartsWith("/login", StringComparison.Ordinal) == true)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} {response.Headers.Location}");
        }

        return browser;
    }

    /// <summary>Fills and posts the login form as a person would, antiforgery token included.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password, string returnUrl = "/")
    {
        var page = await browser.GetStringAsync("/login");
        var token = AntiforgeryToken().Match(page).Groups[1].Value;
        return await browser.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = password,
            ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));
    }

    /// <summary>Some client of the agency with this code, read straight from the database.</summary>
    public async Task<Guid> AnyClientOfAsync(string agencyCode)
    {
        await using var db = Database(null);
        var agencyId = await db.Agencies.Where(a => a.Code == agencyCode).Select(a => a.Id).SingleAsync();
        return await db.Clients.IgnoreQueryFilters([CareOpsDb.TenantFilter])
            .Where(c => c.AgencyId == agencyId).OrderBy(c => c.Name).Select(c => c.Id).FirstAsync();
    }

    public async Task<Guid> AgencyIdAsync(string agencyCode)
    {
        await using var db = Database(null);
        return await db.Agencies.Where(a => a.Code == agencyCode).Select(a => a.Id).SingleAsync();
    }

    /// <summary>A context on the app's database acting for the given agency (null: nobody).</summary>
    public CareOpsDb Database(Guid? agencyId)
    {
        return new CareOpsDb(Services.GetRequiredService<DatabaseInfo>().ContextOptions(), new FixedTenant(agencyId));
    }

    /// <summary>The use-case factory as the app builds it, but for a fixed agency (no HTTP user needed).</summary>
    public IDbContextFactory<CareOpsDb> FactoryFor(Guid agencyId) => new FixedFactory(this, agencyId);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        SqliteConnection.ClearAllPools();
        File.Delete(databasePath);
        if (Directory.Exists(EvidenceRoot))
        {
            Directory.Delete(EvidenceRoot, recursive: true);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private sealed class FixedFactory(CareOpsApp app, Guid agencyId) : IDbContextFactory<CareOpsDb>
    {
        public CareOpsDb CreateDbContext() => app.Database(agencyId);
    }
}

/// <summary>An app with card payment configured (webhook secret known to the tests).</summary>
public sealed class PaymentsApp : CareOpsApp
{
    public const string WebhookSecret = "whsec_careops_web_test";

    protected override IEnumerable<(string Key, string Value)> ExtraSettings =>
    [
        ("Stripe:SecretKey", "sk_test_careops_web"),
        ("Stripe:WebhookSecret", WebhookSecret),
    ];
}

/// <summary>Tests that need card payment configured.</summary>
[CollectionDefinition(Name)]
public sealed class PaymentsCollection : ICollectionFixture<PaymentsApp>
{
    public const string Name = "payments";
}

/// <summary>One seeded app for all read-only web tests.</summary>
[CollectionDefinition(Name)]
public sealed class AppCollection : ICollectionFixture<CareOpsApp>
{
    public const string Name = "app";
}

/// <summary>A second seeded app for tests that change data, so read-only tests keep exact counts.</summary>
[CollectionDefinition(Name)]
public sealed class EditingCollection : ICollectionFixture<CareOpsApp>
{
    public const string Name = "editing";
}
