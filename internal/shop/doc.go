// Package shop holds the merchant's data model — products and SKUs, customers,
// orders and shipments, policies, promotions, knowledge documents and
// after-sales cases — and the business rules computed from it.
//
// The package is pure: no database, no HTTP. The store persists these types,
// the importer fills them, the bot reads them.
package shop
