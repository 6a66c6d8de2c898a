"""A self-normalizing MLP for tabular data with configurable hidden sizes (SELU + AlphaDropout, BatchNorm1d input)."""
from torch.nn import AlphaDropout, BatchNorm1d, Linear, Module, SELU, Sequential, Softmax

NUM_FEATURES = 20
NUM_CLASSES = 3


# shapelint: input=(2, 20)
class TabularMLP(Module):
    def __init__(self, in_features=NUM_FEATURES, hidden_sizes=(256, 128, 64), num_classes=NUM_CLASSES, p=0.1):
        super().__init__()
        sizes = [in_features] + list(hidden_sizes)
        layers = [BatchNorm1d(in_features)]
        for n_in, n_out in zip(sizes[:-1], sizes[1:]):
            layers.extend([Linear(n_in, n_out), SELU(), AlphaDropout(p)])
        self.body = Sequential(*layers)
        self.out = Linear(sizes[-1], num_classes)
        self.softmax = Softmax(dim=1)

    def forward(self, x):
        return self.softmax(self.out(self.body(x)))
