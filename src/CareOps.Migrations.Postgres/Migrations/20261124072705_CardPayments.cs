using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CareOps.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CardPayments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CardInvoices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ClientId = table.Column<Guid>(type: "uuid", nullable: true),
                    Month = table.Column<DateOnly>(type: "date", nullable: false),
                    PayerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TotalFen = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    StripeInvoiceId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    HostedUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    PaidFen = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CardInvoices", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CardInvoices_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ProcessedPaymentEvents",
                columns: table => new
                {
                    EventId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProcessedPaymentEvents", x => x.EventId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CardInvoices_AgencyId",
                table: "CardInvoices",
                column: "AgencyId");

            migrationBuilder.CreateIndex(
                name: "IX_CardInvoices_StripeInvoiceId",
                table: "CardInvoices",
                column: "StripeInvoiceId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CardInvoices");

            migrationBuilder.DropTable(
                name: "ProcessedPaymentEvents");
        }
    }
}
