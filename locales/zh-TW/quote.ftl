## The quote document (Quote::to_html): its labels and notes. Money amounts and dates are
## formatted by the code for the locale (ICU4X) and passed in as text; $cycle is a billing cycle
## as on the wire (monthly, annual, ...), $term a term duration (P1M, P1Y, P3Y, or none).

quote-document-title = 報價單 { $number }
quote-heading = 報價單
quote-number = 報價單編號
quote-issued = 報價日期
quote-valid-until = 有效期限
quote-seller = 報價廠商
quote-customer = 客戶名稱
quote-customer-id = 客戶編號
quote-contact = 聯絡窗口
quote-email = 電子郵件
quote-phone = 電話
quote-tax-id = 統一編號
quote-group-heading =
    { $cycle ->
        [monthly] 每月計費（{ $currency }）
        [annual] 每年計費（{ $currency }）
        [biennial] 每兩年計費（{ $currency }）
        [triennial] 三年合約期間費用一次預付（{ $currency }）
        [one_time] 一次付清（{ $currency }）
        [none] 免費（{ $currency }）
       *[other] 計費幣別：{ $currency }
    }
quote-cycle =
    { $cycle ->
        [monthly] 每月
        [annual] 每年
        [biennial] 每兩年
        [triennial] 三年預付
        [one_time] 一次付清
        [none] 免費
       *[other] { $cycle }
    }
quote-term =
    { $term ->
        [P1M] 1 個月
        [P1Y] 1 年
        [P2Y] 2 年
        [P3Y] 3 年
        [none] 不適用
       *[other] { $term }
    }
quote-col-item = 品項
quote-col-term = 合約期
quote-col-billing = 計費週期
quote-col-quantity = 數量
quote-col-unit-price = 單價
quote-col-per-period = 每期金額
quote-col-term-total = 合約期間總計
quote-addon = 附加元件
quote-total-per-period = 每期合計
quote-total-term = 合約期間總計
quote-unit-price-note = 單價係指每單位、每個計費週期的價格。
quote-tax-note = 以上價格均為未稅價格，如有適用之稅額（如營業稅），將於開立發票時另計。
quote-validity = 本報價單有效期限至{ $date }止。逾期後，價格及供應情形可能有所變動。
quote-terms-heading = 交易條款
quote-excluded-heading = 未列入報價的品項
quote-excluded-intro = 購物車中的下列品項目前無法報價：
quote-col-reason = 原因
quote-price-changes-heading = 預定價格調整
quote-price-changes-intro = 下列品項的價格將於本報價單到期前調整：
quote-col-effective = 生效日期
quote-col-new-price = 調整後單價
quote-page-footer = 報價單 { $number }
quote-customer-name = { $name }
quote-group-term = 合約期：{ $term }
quote-line-start = 開始日期：{ $date }
quote-line-commitment-end = 合約到期日：{ $date }
quote-line-available-until = { $date }後停止供應
quote-trial = 試用
quote-usage-charges = 可能另計用量費用
quote-summary-heading = 報價摘要
quote-col-currency = 幣別
quote-col-due-first = 首期應付金額
quote-col-recurring-monthly = 每月經常性費用
quote-col-contract-value = 合約總金額
quote-nce-heading = 訂閱條款
quote-nce-cancellation = 訂閱僅能於購買或續約後 7 天（168 小時）內取消，並按比例退費。
quote-nce-seats = 授權數量可隨時增加，但僅能於續約時減少。
quote-nce-price = 合約期間內價格固定不變。
quote-nce-renewal = 合約期滿時，除非已關閉自動續約，訂閱將依屆時價格自動續約。
