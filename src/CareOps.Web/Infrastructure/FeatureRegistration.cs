using CareOps.Web.Features.Agencies;
using CareOps.Web.Features.Caregivers;
using CareOps.Web.Features.Clients;
using CareOps.Web.Features.Geography;

namespace CareOps.Web;

public static class FeatureRegistration
{
    /// <summary>
    /// The query classes (one public method per read a page makes) and the use-case classes (one public method each),
    /// scoped like the tenant they act for.
    /// </summary>
    public static IServiceCollection AddCareOpsFeatures(this IServiceCollection services)
    {
        services.AddCareOpsQueries();
        services.AddScoped<Infrastructure.Caller>();
        services.AddScoped<SaveClient>();
        services.AddScoped<ImportClients>();
        services.AddScoped<RecordStatus>();
        services.AddScoped<RecordRental>();
        services.AddScoped<SaveCarePlan>();
        services.AddScoped<SaveCaregiver>();
        services.AddScoped<RecordAbsence>();
        services.AddScoped<RemoveAbsence>();
        services.AddScoped<FerryEditing>();
        services.AddScoped<PlaceEditing>();
        services.AddScoped<Features.Billing.AddPolicyVersion>();
        services.AddScoped<Features.Billing.CloseMonth>();
        services.AddScoped<Features.Billing.QueueClaimDraft>();
        services.AddSingleton<Features.Billing.ClaimDraftRunner>();
        services.AddTransient<Features.Billing.ClaimDraftJob>();
        services.AddScoped<Features.Billing.BillTopUps>();
        services.AddScoped<Features.Billing.CreateCardPayment>();
        services.AddScoped<Features.Roster.StartRosterRun>();
        services.AddScoped<Features.Roster.CancelRosterRun>();
        services.AddScoped<Features.Roster.PublishWeek>();
        services.AddScoped<Features.Roster.EditWeek>();
        services.AddScoped<Features.Roster.RepairWeek>();
        services.AddScoped<Features.Roster.AutoDraftSetting>();
        services.AddScoped<Features.Visits.CaptureVisit>();
        services.AddScoped<Features.Visits.UploadEvidence>();
        services.AddScoped<Features.Visits.ReviewVisit>();
        services.AddScoped<Features.Visits.CorrectVisitTimes>();
        services.AddMemoryCache();
        services.AddSingleton<Features.Roster.IRosterEvents, Features.Roster.HubRosterEvents>();
        services.AddSingleton<Features.Roster.RosterRunner>();
        services.AddSingleton<Features.Roster.RosterRunSweeper>();
        services.AddTransient<Features.Roster.OptimizeWeekJob>();
        services.AddTransient<Features.Roster.SweepRosterRunsJob>();
        services.AddSingleton<Features.Roster.WeeklyDrafts>();
        services.AddSingleton<Features.Roster.DispatchWarnings>();
        services.AddTransient<Features.Roster.WeeklyDraftJob>();
        services.AddTransient<Features.Roster.DispatchWarningsJob>();
        services.AddSingleton<Features.Demo.DemoHistoryProgress>();
        services.AddSingleton<Features.Demo.DemoHistory>();
        services.AddTransient<Features.Demo.DemoHistoryJob>();
        return services;
    }

    /// <summary>The read side alone: what a page injects instead of the DbContext factory (also used by component tests).</summary>
    public static IServiceCollection AddCareOpsQueries(this IServiceCollection services)
    {
        services.AddScoped<ClientQuery>();
        services.AddScoped<CarePlanQuery>();
        services.AddScoped<CaregiverQuery>();
        services.AddScoped<Features.Home.HomeQuery>();
        services.AddScoped<Features.MySchedule.MyScheduleQuery>();
        services.AddScoped<Features.Visits.VisitQuery>();
        services.AddScoped<Features.Billing.BillingQuery>();
        services.AddScoped<Features.Billing.MonthReadinessQuery>();
        services.AddScoped<Features.Catalogue.CatalogueQuery>();
        services.AddScoped<GeographyQuery>();
        services.AddScoped<AgencyOverview>();
        services.AddScoped<Features.Roster.RosterBoardQuery>();
        services.AddScoped<Features.Roster.DayMapQuery>();
        services.AddScoped<Features.Reports.ReportQuery>();
        return services;
    }
}
