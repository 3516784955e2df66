using CareOps.Web.Features.Agencies;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Features.Geography;

namespace CareOps.Web;

public static class FeatureRegistration
{
    /// <summary>The use-case classes: one public method each, scoped like the tenant they act for.</summary>
    public static IServiceCollection AddCareOpsFeatures(this IServiceCollection services)
    {
        services.AddScoped<Infrastructure.Caller>();
        services.AddScoped<ClientQuery>();
        services.AddScoped<SaveClient>();
        services.AddScoped<RecordStatus>();
        services.AddScoped<SaveCaregiver>();
        services.AddScoped<FerryEditing>();
        services.AddScoped<PlaceEditing>();
        services.AddScoped<AgencyOverview>();
        services.AddScoped<Features.Billing.AddPolicyVersion>();
        services.AddScoped<Features.Billing.CloseMonth>();
        services.AddScoped<Features.Billing.BillTopUps>();
        services.AddScoped<Features.Billing.CreateCardPayment>();
        return services;
    }
}
