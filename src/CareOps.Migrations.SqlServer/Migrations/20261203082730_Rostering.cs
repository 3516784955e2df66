using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class Rostering : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AllowedDays",
                table: "CarePlans",
                type: "int",
                nullable: false,
                defaultValue: 127 /* every day: plans written before this column had no day limit */);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "PreferredEnd",
                table: "CarePlans",
                type: "time",
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "PreferredStart",
                table: "CarePlans",
                type: "time",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequiredSkill",
                table: "CarePlans",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "WindowEnd",
                table: "CarePlans",
                type: "time",
                nullable: false,
                defaultValue: new TimeOnly(17, 0, 0));

            migrationBuilder.AddColumn<TimeOnly>(
                name: "WindowStart",
                table: "CarePlans",
                type: "time",
                nullable: false,
                defaultValue: new TimeOnly(8, 0, 0));

            migrationBuilder.AddColumn<string>(
                name: "AutoDraftDay",
                table: "Agencies",
                type: "nvarchar(16)",
                maxLength: 16,
                nullable: true,
                defaultValue: "Thursday" /* agencies made before this column draft next week on Thursdays too */);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "AutoDraftTime",
                table: "Agencies",
                type: "time",
                nullable: false,
                defaultValue: new TimeOnly(18, 0, 0));

            migrationBuilder.CreateTable(
                name: "CaregiverAbsences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Kind = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    From = table.Column<DateOnly>(type: "date", nullable: false),
                    To = table.Column<DateOnly>(type: "date", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    CaregiverId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaregiverAbsences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaregiverAbsences_Caregivers_CaregiverId",
                        column: x => x.CaregiverId,
                        principalTable: "Caregivers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CarePlanCaregivers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    CaregiverId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Role = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    CarePlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarePlanCaregivers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarePlanCaregivers_CarePlans_CarePlanId",
                        column: x => x.CarePlanId,
                        principalTable: "CarePlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CarePlanDayWindows",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Day = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Start = table.Column<TimeOnly>(type: "time", nullable: false),
                    End = table.Column<TimeOnly>(type: "time", nullable: false),
                    CarePlanId = table.Column<Guid>(type: "uniqueidentifier", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CarePlanDayWindows", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CarePlanDayWindows_CarePlans_CarePlanId",
                        column: x => x.CarePlanId,
                        principalTable: "CarePlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DispatchNotices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    SubjectId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    SubjectName = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DispatchNotices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DispatchNotices_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RosterAudit",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    By = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Action = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    Detail = table.Column<string>(type: "nvarchar(2000)", maxLength: 2000, nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    BeforeJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    VersionAfter = table.Column<int>(type: "int", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterAudit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RosterAudit_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RosterRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    HeartbeatAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    TimeLimitSeconds = table.Column<int>(type: "int", nullable: false),
                    WorkLimit = table.Column<long>(type: "bigint", nullable: true),
                    Seed = table.Column<int>(type: "int", nullable: false),
                    CancelRequested = table.Column<bool>(type: "bit", nullable: false),
                    Phase = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    Required = table.Column<int>(type: "int", nullable: false),
                    Scheduled = table.Column<int>(type: "int", nullable: false),
                    TravelMinutes = table.Column<int>(type: "int", nullable: false),
                    FerryMinutes = table.Column<int>(type: "int", nullable: false),
                    DistinctCaregiversPerClient = table.Column<double>(type: "float", nullable: false),
                    OvertimeMinutes = table.Column<int>(type: "int", nullable: false),
                    WorkloadSpreadMinutes = table.Column<int>(type: "int", nullable: false),
                    Series = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ProblemKey = table.Column<string>(type: "nvarchar(80)", maxLength: 80, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RosterRuns_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RosterVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    Number = table.Column<int>(type: "int", nullable: false),
                    RosterJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    ProblemJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Basis = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    PublishedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Required = table.Column<int>(type: "int", nullable: false),
                    Scheduled = table.Column<int>(type: "int", nullable: false),
                    TravelMinutes = table.Column<int>(type: "int", nullable: false),
                    FerryMinutes = table.Column<int>(type: "int", nullable: false),
                    DistinctCaregiversPerClient = table.Column<double>(type: "float", nullable: false),
                    OvertimeMinutes = table.Column<int>(type: "int", nullable: false),
                    WorkloadSpreadMinutes = table.Column<int>(type: "int", nullable: false),
                    Added = table.Column<int>(type: "int", nullable: false),
                    Moved = table.Column<int>(type: "int", nullable: false),
                    Removed = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RosterVersions_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "RosterWeeks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    WeekStart = table.Column<DateOnly>(type: "date", nullable: false),
                    ActiveRunId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DraftJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    DraftRunId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    DraftBasis = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    DraftUpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DraftUpdatedBy = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    DraftRequired = table.Column<int>(type: "int", nullable: false),
                    DraftScheduled = table.Column<int>(type: "int", nullable: false),
                    DraftTravelMinutes = table.Column<int>(type: "int", nullable: false),
                    DraftFerryMinutes = table.Column<int>(type: "int", nullable: false),
                    DraftDistinctCaregiversPerClient = table.Column<double>(type: "float", nullable: false),
                    DraftOvertimeMinutes = table.Column<int>(type: "int", nullable: false),
                    DraftWorkloadSpreadMinutes = table.Column<int>(type: "int", nullable: false),
                    PinsJson = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    PublishedNumber = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterWeeks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RosterWeeks_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CaregiverAbsences_CaregiverId",
                table: "CaregiverAbsences",
                column: "CaregiverId");

            migrationBuilder.CreateIndex(
                name: "IX_CarePlanCaregivers_CarePlanId",
                table: "CarePlanCaregivers",
                column: "CarePlanId");

            migrationBuilder.CreateIndex(
                name: "IX_CarePlanDayWindows_CarePlanId",
                table: "CarePlanDayWindows",
                column: "CarePlanId");

            migrationBuilder.CreateIndex(
                name: "IX_DispatchNotices_AgencyId",
                table: "DispatchNotices",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_DispatchNotices_AgencyId_Day_Kind_SubjectId",
                table: "DispatchNotices",
                columns: new[] { "AgencyId", "Day", "Kind", "SubjectId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RosterAudit_AgencyId",
                table: "RosterAudit",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_RosterAudit_AgencyId_WeekStart_At",
                table: "RosterAudit",
                columns: new[] { "AgencyId", "WeekStart", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_RosterRuns_AgencyId",
                table: "RosterRuns",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_RosterRuns_AgencyId_WeekStart_RequestedAt",
                table: "RosterRuns",
                columns: new[] { "AgencyId", "WeekStart", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_RosterRuns_State",
                table: "RosterRuns",
                column: "State");

            migrationBuilder.CreateIndex(
                name: "IX_RosterVersions_AgencyId",
                table: "RosterVersions",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_RosterVersions_AgencyId_WeekStart_Number",
                table: "RosterVersions",
                columns: new[] { "AgencyId", "WeekStart", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RosterWeeks_AgencyId",
                table: "RosterWeeks",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_RosterWeeks_AgencyId_WeekStart",
                table: "RosterWeeks",
                columns: new[] { "AgencyId", "WeekStart" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaregiverAbsences");

            migrationBuilder.DropTable(
                name: "CarePlanCaregivers");

            migrationBuilder.DropTable(
                name: "CarePlanDayWindows");

            migrationBuilder.DropTable(
                name: "DispatchNotices");

            migrationBuilder.DropTable(
                name: "RosterAudit");

            migrationBuilder.DropTable(
                name: "RosterRuns");

            migrationBuilder.DropTable(
                name: "RosterVersions");

            migrationBuilder.DropTable(
                name: "RosterWeeks");

            migrationBuilder.DropColumn(
                name: "AllowedDays",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "PreferredEnd",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "PreferredStart",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "RequiredSkill",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "WindowEnd",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "WindowStart",
                table: "CarePlans");

            migrationBuilder.DropColumn(
                name: "AutoDraftDay",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "AutoDraftTime",
                table: "Agencies");
        }
    }
}
