Attribute VB_Name = "SalesDeskRibbon"
' Callbacks of the SalesDesk ribbon tab (customUI.xml): each hands over to the job macro
' of the same name in the SalesDesk module, which the template buttons call too.
Option Explicit

Public Sub RibbonCheck(control As IRibbonControl)
    SalesDeskCheck
End Sub

Public Sub RibbonSplit(control As IRibbonControl)
    SalesDeskSplit
End Sub

Public Sub RibbonIssue(control As IRibbonControl)
    SalesDeskIssue
End Sub

Public Sub RibbonCollect(control As IRibbonControl)
    SalesDeskCollect
End Sub

Public Sub RibbonStatus(control As IRibbonControl)
    SalesDeskStatus
End Sub

Public Sub RibbonAge(control As IRibbonControl)
    SalesDeskAge
End Sub

Public Sub RibbonAppraise(control As IRibbonControl)
    SalesDeskAppraise
End Sub

Public Sub RibbonDashboard(control As IRibbonControl)
    SalesDeskDashboard
End Sub

Public Sub RibbonAbout(control As IRibbonControl)
    SalesDeskAbout
End Sub

Public Sub RibbonSelftest(control As IRibbonControl)
    SalesDeskSelftest
End Sub
