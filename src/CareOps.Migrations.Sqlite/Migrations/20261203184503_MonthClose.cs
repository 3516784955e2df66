using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MonthClose : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResidentId",
                table: "FamilyCaregivers",
                type: "TEXT",
                maxLength: 18,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrainingCertificate",
                table: "FamilyCaregivers",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrainingCourse",
                table: "FamilyCaregivers",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PaidFen",
                table: "ClaimBatches",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BillingAudit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Why = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BillingAudit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BillingAudit_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClaimDraftRuns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Month = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    HeartbeatAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    FinishedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Done = table.Column<int>(type: "INTEGER", nullable: false),
                    Total = table.Column<int>(type: "INTEGER", nullable: false),
                    BatchId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Problems = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClaimDraftRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClaimDraftRuns_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ClientDeviceRentals",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Device = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    From = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Until = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ClientId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClientDeviceRentals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ClientDeviceRentals_Clients_ClientId",
                        column: x => x.ClientId,
                        principalTable: "Clients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BillingAudit_AgencyId",
                table: "BillingAudit",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_BillingAudit_AgencyId_Month",
                table: "BillingAudit",
                columns: new[] { "AgencyId", "Month" });

            migrationBuilder.CreateIndex(
                name: "IX_BillingAudit_AgencyId_SubjectId_At",
                table: "BillingAudit",
                columns: new[] { "AgencyId", "SubjectId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_ClaimDraftRuns_AgencyId",
                table: "ClaimDraftRuns",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_ClaimDraftRuns_AgencyId_Month_RequestedAt",
                table: "ClaimDraftRuns",
                columns: new[] { "AgencyId", "Month", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ClientDeviceRentals_ClientId",
                table: "ClientDeviceRentals",
                column: "ClientId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BillingAudit");

            migrationBuilder.DropTable(
                name: "ClaimDraftRuns");

            migrationBuilder.DropTable(
                name: "ClientDeviceRentals");

            migrationBuilder.DropColumn(
                name: "ResidentId",
                table: "FamilyCaregivers");

            migrationBuilder.DropColumn(
                name: "TrainingCertificate",
                table: "FamilyCaregivers");

            migrationBuilder.DropColumn(
                name: "TrainingCourse",
                table: "FamilyCaregivers");

            migrationBuilder.DropColumn(
                name: "PaidFen",
                table: "ClaimBatches");
        }
    }
}
