using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class RosterVersionProblem : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Basis",
                table: "RosterVersions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProblemJson",
                table: "RosterVersions",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Basis",
                table: "RosterVersions");

            migrationBuilder.DropColumn(
                name: "ProblemJson",
                table: "RosterVersions");
        }
    }
}
