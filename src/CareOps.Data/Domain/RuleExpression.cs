using System.Linq.Expressions;

namespace CareOps.Data.Domain;

/// <summary>
/// Lets a business rule be written once as an expression: entities compile it for memory, queries splice it into
/// their LINQ so the database evaluates the same rule (no LINQKit for two substitutions).
/// </summary>
public static class RuleExpression
{
    /// <summary>The rule with its argument fixed; the argument stays a closure value, so EF sends it as a parameter.</summary>
    public static Expression<Func<T, TResult>> Bind<T, TArg, TResult>(Expression<Func<T, TArg, TResult>> rule, TArg arg)
    {
        Expression<Func<TArg>> captured = () => arg;
        var body = new Substitute(rule.Parameters[1], captured.Body).Visit(rule.Body);
        return Expression.Lambda<Func<T, TResult>>(body, rule.Parameters[0]);
    }

    /// <summary>A shape that uses the rule's value: <c>Into(rule, (c, value) => ...)</c> reads as <c>c => ... rule(c) ...</c>.</summary>
    public static Expression<Func<T, TOut>> Into<T, TValue, TOut>(Expression<Func<T, TValue>> rule, Expression<Func<T, TValue, TOut>> shape)
    {
        var item = shape.Parameters[0];
        var value = new Substitute(rule.Parameters[0], item).Visit(rule.Body);
        var body = new Substitute(shape.Parameters[1], value).Visit(shape.Body);
        return Expression.Lambda<Func<T, TOut>>(body, item);
    }

    private sealed class Substitute(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
