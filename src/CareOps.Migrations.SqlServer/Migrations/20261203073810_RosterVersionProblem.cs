using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.SqlServer.Migrations
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
                type: "nvarchar(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProblemJson",
                table: "RosterVersions",
                type: "nvarchar(max)",
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
