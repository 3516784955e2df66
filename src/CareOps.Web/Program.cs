using System.Globalization;
using CareOps.Data;
using CareOps.Data.Domain;
using CareOps.Web;
using CareOps.Web.Features.Account;
using CareOps.Web.Features.Billing;
using CareOps.Web.Features.Payments;
using CareOps.Web.Features.Reports;
using CareOps.Web.Features.Visits;
using CareOps.Web.Infrastructure;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MudBlazor.Services;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddMudServices();
builder.Services.AddTransient<MudBlazor.MudLocalizer, CareOpsMudLocalizer>();
builder.Services.AddLocalization();
builder.Services.AddHttpContextAccessor();
TestingClock.AddClock(builder);
builder.Services.AddCareOpsDatabase(builder.Configuration, builder.Environment.ContentRootPath);
builder.Services.AddCareOpsFeatures();
builder.Services.AddCareOpsJobs(builder.Configuration);
builder.Services.AddSignalR();
builder.Services.AddPhoneShell();
builder.Services.AddSingleton(builder.Configuration.GetSection("Map").Get<MapSettings>() ?? new MapSettings());

builder.Services.AddCascadingAuthenticationState();
builder.Services.AddSingleton<SignedInCircuits>();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingIdentityState>();
builder.Services.AddScoped<PasswordSignIn>();
builder.Services.AddAuthorization(Policies.Add);
builder.Services
    .AddIdentity<ApplicationUser, IdentityRole>(options =>
    {
        options.User.RequireUniqueEmail = true;
        options.SignIn.RequireConfirmedAccount = false;

        // Lockout is on for everyone (the template leaves new users unlocked-out-able only by opt-in).
        options.Lockout.AllowedForNewUsers = true;
        options.Lockout.MaxFailedAccessAttempts = 5;
        options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
    })
    .AddEntityFrameworkStores<CareOpsDb>()
    .AddUserManager<StampWatchingUserManager>()
    .AddClaimsPrincipalFactory<CareOpsClaimsFactory>()
    .AddDefaultTokenProviders();
builder.Services.ConfigureApplicationCookie(options =>
{
    options.LoginPath = "/login";
    options.LogoutPath = "/account/logout";
    options.AccessDeniedPath = "/denied";
    options.Cookie.Name = "careops.auth";
    options.SlidingExpiration = true;
    options.ExpireTimeSpan = TimeSpan.FromHours(10);

    // The stamp on every request (sign-out makes every copy of the cookie useless), the claims every few minutes.
    options.Events.OnValidatePrincipal = SessionCookie.ValidatePrincipalAsync;

    // The phone's API answers 401/403 with a sentence; only pages are sent to the sign-in page.
    options.Events.OnRedirectToLogin = context => SessionCookie.ApiOrRedirectAsync(context, StatusCodes.Status401Unauthorized, "Error.SignedOut");
    options.Events.OnRedirectToAccessDenied = context => SessionCookie.ApiOrRedirectAsync(context, StatusCodes.Status403Forbidden, "Error.NotAllowed");
});
builder.Services.AddSingleton(builder.Configuration.GetSection(EvidenceSettings.Section).Get<EvidenceSettings>() ?? new());
builder.Services.AddSingleton<IEvidenceStore>(services => new LocalEvidenceStore(
    Path.Combine(builder.Environment.ContentRootPath, services.GetRequiredService<EvidenceSettings>().Root)));
builder.Services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = SessionCookie.ClaimsRefreshInterval);
builder.Services.AddForwardedHeadersFromSettings(builder.Configuration);

builder.Services.AddSingleton(builder.Configuration.GetSection("Stripe").Get<CareOps.Billing.Payments.StripeSettings>() ?? new CareOps.Billing.Payments.StripeSettings());
builder.Services.AddHealthChecks().AddDbContextCheck<CareOpsDb>("database");

var app = builder.Build();

app.UseForwardedHeadersFromSettings();
app.UseSecurityHeaders();
app.UsePhoneShell();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}

if (app.Configuration.GetValue<bool>("Https:Redirect"))
{
    app.UseHttpsRedirection();
}

app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);

var cultures = new[] { new CultureInfo("zh-CN"), new CultureInfo("en") };
app.UseRequestLocalization(new RequestLocalizationOptions
{
    DefaultRequestCulture = new RequestCulture("zh-CN"),
    SupportedCultures = cultures,
    SupportedUICultures = cultures,

    // Chinese first: only an explicit choice (cookie or ?culture=) switches to English.
    RequestCultureProviders = [new QueryStringRequestCultureProvider(), new CookieRequestCultureProvider()],
});

app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapAccountEndpoints();
app.MapPaymentWebhook();
app.MapBatchDownloads();
app.MapReportDownloads();
app.MapVisitApi();
TestingClock.MapClock(app);
app.MapHub<CareOps.Web.Features.Roster.RosterHub>(CareOps.Web.Features.Roster.RosterHub.Path);
app.MapHangfireDashboard("/hangfire", new Hangfire.DashboardOptions { Authorization = [], AppPath = "/" }).RequireAuthorization(Policies.Operator);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

await Database.PrepareAsync(app);
await Jobs.StartAsync(app);
await app.RunAsync();

/// <summary>Entry point, visible to the web tests' application factory.</summary>
public partial class Program;
