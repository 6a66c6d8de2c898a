"""A two-Linear character RNN classifier unrolled over a batch of one-hot encoded names."""
import torch
import torch.nn as nn


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size
        self.i2h = nn.Linear(input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(input_size + hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, input, hidden):
        combined = torch.cat((input, hidden), 1)
        hidden = self.i2h(combined)
        output = self.softmax(self.i2o(combined))
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


# shapelint: input=(6, 4, 57)
class BatchedNameClassifier(nn.Module):
    def __init__(self, n_letters=57, n_hidden=64, n_categories=18):
        super().__init__()
        self.rnn = RNN(n_letters, n_hidden, n_categories)

    def forward(self, lines):
        hidden = self.rnn.initHidden()
        for i in range(lines.size(0)):
            output, hidden = self.rnn(lines[i], hidden)
        return output
