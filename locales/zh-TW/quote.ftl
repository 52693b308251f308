## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = 報價單 { $number }
quote-heading = 報價單
quote-number = 報價單編號
quote-issued = 開立日期
quote-valid-until = 有效期限
quote-seller = 報價廠商
quote-customer = 客戶
quote-customer-id = 客戶編號
quote-contact = 聯絡窗口
quote-group-heading =
    { $cycle ->
        [monthly] 按月計費（{ $currency }）
        [annual] 按年計費（{ $currency }）
        [biennial] 每兩年計費（{ $currency }）
        [triennial] 每三年計費（{ $currency }）
        [one_time] 一次性計費（{ $currency }）
        [none] 免費（{ $currency }）
       *[other] 計費幣別：{ $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] 按月
        [annual] 按年
        [biennial] 每兩年
        [triennial] 每三年
        [one_time] 一次性
        [none] 免費
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 個月
        [P1Y] 1 年
        [P2Y] 2 年
        [P3Y] 3 年
        [none] 無期限
       *[other] { $term }
    }
quote-col-item = 品項
quote-col-term = 合約期間
quote-col-billing = 計費週期
quote-col-quantity = 數量
quote-col-unit-price = 單價
quote-col-per-period = 每期金額
quote-col-term-total = 合約期間總額
quote-addon = 附加元件
quote-total-per-period = 每期合計
quote-total-term = 合約期間總計
quote-unit-price-note = 單價係指每單位、每個計費週期的價格。
quote-tax-note = 以上價格均未含稅，適用之稅額將於開立發票時另計。
quote-validity = 本報價單有效期限至 { $date } 止。逾期後，價格及供應情形可能有所變動。
quote-terms-heading = 交易條款
quote-excluded-heading = 未列入報價的品項
quote-excluded-intro = 購物車中的下列品項目前無法報價：
quote-col-reason = 原因
quote-price-changes-heading = 預定價格調整
quote-price-changes-intro = 下列品項的價格將於本報價單到期前調整：
quote-col-effective = 生效日期
quote-col-new-price = 調整後單價
quote-page-footer = 報價單 { $number }
