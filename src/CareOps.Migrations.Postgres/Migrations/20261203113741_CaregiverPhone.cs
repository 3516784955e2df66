using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CareOps.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CaregiverPhone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckInDeviceAt",
                table: "Visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "CheckInDistanceMeters",
                table: "Visits",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "CheckInReason",
                table: "Visits",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "CheckOutDeviceAt",
                table: "Visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FlagCodes",
                table: "Visits",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Notes",
                table: "Visits",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Review",
                table: "Visits",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewReason",
                table: "Visits",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReviewedAt",
                table: "Visits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReviewedBy",
                table: "Visits",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Verdict",
                table: "Visits",
                type: "character varying(16)",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Version",
                table: "Visits",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "GeofenceMeters",
                table: "Agencies",
                type: "integer",
                nullable: false,
                defaultValue: 200);

            migrationBuilder.AddColumn<int>(
                name: "StartToleranceMinutes",
                table: "Agencies",
                type: "integer",
                nullable: false,
                defaultValue: 30);

            migrationBuilder.CreateTable(
                name: "SyncReceipts",
                columns: table => new
                {
                    Key = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    CaregiverId = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Refusal = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SyncReceipts", x => x.Key);
                    table.ForeignKey(
                        name: "FK_SyncReceipts_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "VisitAudit",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Action = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    BeforeJson = table.Column<string>(type: "text", nullable: true),
                    AfterJson = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitAudit", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitAudit_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitAudit_Visits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "VisitEvidence",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    VisitId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StorageKey = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    UploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UploadedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VisitEvidence", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VisitEvidence_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_VisitEvidence_Visits_VisitId",
                        column: x => x.VisitId,
                        principalTable: "Visits",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_AgencyId_Verdict_Review",
                table: "Visits",
                columns: new[] { "AgencyId", "Verdict", "Review" });

            migrationBuilder.CreateIndex(
                name: "IX_SyncReceipts_AgencyId",
                table: "SyncReceipts",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_SyncReceipts_VisitId",
                table: "SyncReceipts",
                column: "VisitId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitAudit_AgencyId",
                table: "VisitAudit",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitAudit_VisitId_At",
                table: "VisitAudit",
                columns: new[] { "VisitId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_VisitEvidence_AgencyId",
                table: "VisitEvidence",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_VisitEvidence_VisitId",
                table: "VisitEvidence",
                column: "VisitId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SyncReceipts");

            migrationBuilder.DropTable(
                name: "VisitAudit");

            migrationBuilder.DropTable(
                name: "VisitEvidence");

            migrationBuilder.DropIndex(
                name: "IX_Visits_AgencyId_Verdict_Review",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "CheckInDeviceAt",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "CheckInDistanceMeters",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "CheckInReason",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "CheckOutDeviceAt",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "FlagCodes",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Notes",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Review",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "ReviewReason",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "ReviewedAt",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "ReviewedBy",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Verdict",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "GeofenceMeters",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "StartToleranceMinutes",
                table: "Agencies");
        }
    }
}
