namespace Concord.Torch.Models;

/// <summary>The model's output layer (METHOD.md §1.4, regression heads).</summary>
public enum ModelHead
{
    /// <summary>fc2 = Linear(120, K) (followed by softmax inside the model when <see cref="ModelOptions.SoftmaxInModel"/>).</summary>
    Classification,
    /// <summary>fc2 = Linear(120, 1), no activation; trained with MSE on standardised targets.</summary>
    Regression,
}
