"""BUG: the original pytorch/examples MNIST Net (conv1 1->10 and conv2 10->20 with 5x5 kernels, nn.Dropout2d on conv2, F.max_pool2d(..., 2) inside F.relu, the hard-coded x.view(-1, 320) and fc1 = nn.Linear(320, 50)), after a beginner added padding=2 to conv1 "so the borders are not lost", as in many Stack Overflow questions about this example. With the padding the maps go 28 -> 28 -> 14 -> 10 -> 5, so each image now has 20 * 5 * 5 = 500 features instead of 320; x.view(-1, 320) silently re-batches whenever the element count happens to divide by 320, and for this batch of 2 (1000 elements) it raises "shape '[-1, 320]' is invalid for input of size 1000" at the view line in forward."""
import torch
import torch.nn as nn
import torch.nn.functional as F


# shapelint: input=(2, 1, 28, 28)
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5, padding=2)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)
