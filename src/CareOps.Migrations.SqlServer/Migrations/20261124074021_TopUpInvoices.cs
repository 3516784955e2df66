using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class TopUpInvoices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Funding",
                table: "Visits",
                type: "nvarchar(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "TopUpInvoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    Payer = table.Column<string>(type: "nvarchar(32)", maxLength: 32, nullable: false),
                    PayerName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    ClientId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false),
                    LineCount = table.Column<int>(type: "int", nullable: false),
                    LinesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    CardInvoiceId = table.Column<Guid>(type: "uniqueidentifier", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TopUpInvoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_TopUpInvoices_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_TopUpInvoices_AgencyId",
                table: "TopUpInvoices",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_TopUpInvoices_AgencyId_Month_Payer_PayerName_ClientId",
                table: "TopUpInvoices",
                columns: new[] { "AgencyId", "Month", "Payer", "PayerName", "ClientId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "TopUpInvoices");

            migrationBuilder.DropColumn(
                name: "Funding",
                table: "Visits");
        }
    }
}
