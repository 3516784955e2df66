using System.Reflection;
using CareOps.Web.Infrastructure;
using CareOps.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CareOps.Web.Tests.Security;

/// <summary>Every page and endpoint says who may use it (Bitwarden checks its controllers the same way).</summary>
[Collection(AppCollection.Name)]
public sealed class AuthorizationConventionTests(CareOpsApp app)
{
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(Program).Assembly.GetTypes().Where(t => t.GetCustomAttributes<RouteAttribute>().Any()))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Page_NamesAPolicyOrAllowsAnonymous(string pageType)
    {
        var type = typeof(Program).Assembly.GetType(pageType)!;
        var anonymous = type.GetCustomAttribute<AllowAnonymousAttribute>() is not null;
        var policies = type.GetCustomAttributes<AuthorizeAttribute>().Select(a => a.Policy).ToList();

        Assert.True(anonymous || (policies.Count > 0 && policies.All(p => !string.IsNullOrEmpty(p))),
            $"{pageType} must carry [Authorize(Policy = Policies.X)] or [AllowAnonymous].");
    }

    [Fact]
    public void Pages_AreFound() => Assert.True(Pages().Count >= 12);

    [Fact]
    public void Endpoints_OfTheAppNameAPolicyOrAllowAnonymous()
    {
        var options = app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var unguarded = new List<string>();

        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";

            // Blazor's own transport (/_blazor hub, /_framework scripts) is covered by the fallback policy (signed-in users).
            if (pattern.StartsWith("/_blazor", StringComparison.Ordinal) || pattern.StartsWith("_blazor", StringComparison.Ordinal)
                || pattern.StartsWith("_framework", StringComparison.Ordinal) || pattern.StartsWith("/_framework", StringComparison.Ordinal)

                // MapStaticAssets' development fallback serves files from wwwroot only, never app data.
                || pattern == "{**path:file}")
            {
                continue;
            }

            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).ToList();
            var named = policies.Count > 0 && policies.All(p => p is not null && options.GetPolicy(p) is not null);
            if (!anonymous && !named)
            {
                unguarded.Add($"{pattern} ({endpoint.DisplayName})");
            }
        }

        Assert.True(endpoints.Count > 10, "The endpoint list looks empty.");
        Assert.True(unguarded.Count == 0, "Endpoints without a policy or [AllowAnonymous]:\n" + string.Join("\n", unguarded));
    }

    [Fact]
    public void FallbackPolicy_RequiresASignedInUser()
    {
        var options = app.Services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;

        Assert.NotNull(options.FallbackPolicy);
        Assert.Contains(options.FallbackPolicy!.Requirements, r => r is Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement);
        foreach (var name in new[] { Policies.SignedIn, Policies.Operator, Policies.AgencyStaff, Policies.Dispatching, Policies.GeographyEditor, Policies.Caregiver, Policies.Office })
        {
            Assert.NotNull(options.GetPolicy(name));
        }
    }
}
