### Where customers come from: the admin's "Sources" page (visits, orders and revenue by source,
### charts, CSV export, attribution window) and the refusals of its rules (crate `domain`, module
### growth::source; `app::attribution`).

sources-title = Sources
sources-hint = Where your visitors come from and what they order: search engines, social networks, the platform's mall, partner shops, forums, newsletters, campaigns (links with UTM parameters), other sites, direct visits. A visit is an arrival on a page of the shop from outside it; an order is credited to the last source that brought the buyer within the window chosen below. Nothing identifies a visitor: their browser keeps only the source and the day of their last arrival, and no other cookie.
sources-periods = Period
sources-period = { $count } days
sources-summary = { $visits ->
        [one] { $visits } visit
       *[other] { $visits } visits
    }, { $orders ->
        [one] { $orders } order
       *[other] { $orders } orders
    } ({ $conversion } of visits), { $revenue } ordered
sources-chart-visits = Visits per day
sources-chart-orders = Orders per day
sources-none = No visit and no order in this period.
sources-table = Visits and orders by source
sources-channel = Source
sources-visits = Visits
sources-orders = Orders
sources-conversion = Rate
sources-revenue = Amount
sources-export = Download these figures per day (CSV)
sources-window-title = Attribution window
sources-window-hint = An order is credited to the source of the last visit that came from elsewhere (a link, a search, a campaign) when it was within this many days; otherwise it counts as direct. A change applies to the orders that follow.
sources-window-days = Number of days
sources-window-save = Save the window
sources-window-is = Orders are credited to the last source within { $count } days.

## Sources
source-channel-direct = Direct
source-channel-search = Search engine
source-channel-social = Social network
source-channel-mall = Vitrine mall
source-channel-partner = Partner shop
source-channel-affiliate = Affiliate
source-channel-forum = Forum
source-channel-newsletter = Newsletter
source-channel-ads = Advertising
source-channel-campaign = Campaign
source-channel-site = Other site
source-channel-before = Before sources were counted

## CSV export (column headers)
sources-csv-date = Date
sources-csv-channel = Source
sources-csv-name = From
sources-csv-campaign = Campaign
sources-csv-visits = Visits
sources-csv-orders = Orders
sources-csv-revenue = Orders' total

## Refusals
err-source-channel-unknown = "{ $value }" is not a known source.
err-source-window-range = The window must be from { $min } to { $max } days.
