using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class WeeklyDraftsAndNotices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
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

            migrationBuilder.CreateIndex(
                name: "IX_DispatchNotices_AgencyId",
                table: "DispatchNotices",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_DispatchNotices_AgencyId_Day_Kind_SubjectId",
                table: "DispatchNotices",
                columns: new[] { "AgencyId", "Day", "Kind", "SubjectId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DispatchNotices");

            migrationBuilder.DropColumn(
                name: "AutoDraftDay",
                table: "Agencies");

            migrationBuilder.DropColumn(
                name: "AutoDraftTime",
                table: "Agencies");
        }
    }
}
